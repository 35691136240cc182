import { NAMED_LOSSES } from '@recsearch/expr';
import { meanAndSd, pairBySeed, signedRankTest, type SignedRankTest } from './comparison';
import { forEachEvent, readRunFolder, type RunFolder } from './run-folder';

/** One child run of a bake-off: which arm and seed it is, and its folder. */
export interface BakeOffChild {
  arm: string;
  seed: number;
  dir: string;
}

/** What `recsearch compare` ran: arms in config order, each run once per seed. */
export interface BakeOffPlan {
  name: string;
  description?: string;
  arms: string[];
  /** The arm every other arm is tested against; none: every pair. */
  reference?: string;
  children: BakeOffChild[];
}

export type BakeOffKind = 'search' | 'training';

/** One child's numbers, read from its own folder (summary, events, report.json). */
export interface ChildResult {
  arm: string;
  seed: number;
  runId: string;
  kind: BakeOffKind;
  status: string;
  elapsedSeconds: number | null;
  /** Training epochs the search's evaluators spent (null for a training run). */
  trainedEpochs: number | null;
  /** Search: best validation metric after each candidate of the first phase, against the epochs trained so far. */
  curve: Array<{ trainedEpochs: number; best: number }>;
  /** Test metrics of the final model: the best found loss of the last phase, or the trained model. */
  test: Record<string, number> | null;
  /** Search: the best found (not baseline) loss of the last phase, by validation. */
  bestLoss: { expression: string; validation: number } | null;
  /** Training: full training passes (DE-Opt's trial trainings included). */
  passes: number | null;
}

export interface CurvePoint {
  arm: string;
  trainedEpochs: number;
  mean: number;
  sd: number;
  lower: number;
  upper: number;
  runs: number;
}

export interface ArmFinal {
  arm: string;
  runs: number;
  /** Per test metric: mean and sample sd over the seeds that have it. */
  metrics: Record<string, { mean: number; sd: number }>;
  /** Mean wall time of a child run. */
  elapsedSeconds: number | null;
  passes: number | null;
  trainedEpochs: number | null;
}

export interface ArmTest extends SignedRankTest {
  a: string;
  b: string;
  metric: string;
}

export interface BakeOff {
  name: string;
  description: string | null;
  kind: BakeOffKind;
  arms: string[];
  reference: string | null;
  validationMetric: string;
  /** The test metric the Wilcoxon tests pair by seed. */
  testMetric: string;
  /** Test metrics shown per arm (mean ± sd). */
  shownMetrics: string[];
  children: ChildResult[];
  curve: CurvePoint[];
  finals: ArmFinal[];
  tests: ArmTest[];
  bestLosses: Array<{ arm: string; seed: number; expression: string; validation: number; test: Record<string, number> | null }>;
  /** Set when too few seeds for any two-sided exact p below 0.05. */
  sampleSizeNote: string | null;
}

/** Table 3 of DE-Opt: the metrics a training bake-off shows. */
export const TRAINING_METRICS = ['ndcg@10', 'recall@10', 'hr@50', 'ndcg@50'];
const CURVE_POINTS = 100;

const isBaseline = (expression: string) => Object.values(NAMED_LOSSES).some((loss) => loss.source === expression);

function validationMetricOf(config: Record<string, unknown>): string {
  const training = config['training'] as { hyperparameters?: { metric?: string } } | undefined;
  const data = config['data'] as { task?: string } | undefined;
  return training?.hyperparameters?.metric ?? (data?.task === 'classification' ? 'auc' : 'ndcg@10');
}

interface Verdictish { pass: boolean; metrics: Record<string, number> }
interface EvaluatedPayload { candidate: { kind: string; expression?: string }; verdict: Verdictish; progress: { trainedEpochs?: number } }

function searchResult(folder: RunFolder, child: BakeOffChild, metric: string): ChildResult {
  const curve: ChildResult['curve'] = [];
  let phase = 0;
  let best: number | null = null;
  let last: { expression: string; validation: number; test: Record<string, number> } | null = null;
  let lastPhase = 0;
  let phaseOneEpochs = 0;
  let seconds = 0;
  forEachEvent(folder, (event) => {
    // Each phase's runner times itself (resumed sessions summed); the run's time is their sum.
    if (event.type === 'phase.finished' || event.type === 'run.finished') seconds += (event.payload['summary'] as { elapsedSeconds?: number }).elapsedSeconds ?? 0;
    if (event.type === 'phase.started') phase = event.payload['index'] as number;
    if (event.type !== 'candidate.evaluated') return;
    const { candidate, verdict, progress } = event.payload as unknown as EvaluatedPayload;
    if (phase === 0) {
      const value = verdict.metrics[metric];
      if (verdict.pass && Number.isFinite(value) && (best === null || value > best)) best = value;
      phaseOneEpochs = progress.trainedEpochs ?? 0;
      if (best === null) return;
      // One point per epoch count: candidates that trained nothing (failed the proxy test) add none.
      const previous = curve[curve.length - 1];
      if (previous?.trainedEpochs === phaseOneEpochs) previous.best = best;
      else curve.push({ trainedEpochs: phaseOneEpochs, best });
      return;
    }
    if (phase > lastPhase) {
      lastPhase = phase;
      last = null;
    }
    if (!verdict.pass || candidate.kind !== 'expression' || !candidate.expression || isBaseline(candidate.expression)) return;
    const test = Object.fromEntries(Object.entries(verdict.metrics).filter(([name]) => name.startsWith('test.')).map(([name, value]) => [name.slice(5), value]));
    const validation = verdict.metrics['validation'] ?? verdict.metrics[metric];
    if (Object.keys(test).length && Number.isFinite(validation) && (!last || validation > last.validation)) last = { expression: candidate.expression, validation, test };
  });
  const found = last as { expression: string; validation: number; test: Record<string, number> } | null;
  return {
    ...child,
    runId: folder.runId,
    kind: 'search',
    status: folder.summary?.status ?? 'running',
    elapsedSeconds: folder.summary ? seconds : null,
    trainedEpochs: phaseOneEpochs,
    curve,
    test: found?.test ?? null,
    bestLoss: found ? { expression: found.expression, validation: found.validation } : null,
    passes: null,
  };
}

interface TrainingSummary { outcome?: { test?: Record<string, number>; hyperparameters?: { passes?: number; seconds?: number } } }

function trainingResult(folder: RunFolder, child: BakeOffChild): ChildResult {
  const training = folder.summary?.training as TrainingSummary | undefined;
  return {
    ...child,
    runId: folder.runId,
    kind: 'training',
    status: folder.summary?.status ?? 'running',
    elapsedSeconds: folder.summary?.elapsedSeconds ?? null,
    trainedEpochs: null,
    curve: [],
    test: training?.outcome?.test ?? null,
    bestLoss: null,
    passes: training?.outcome?.hyperparameters?.passes ?? null,
  };
}

/** The best-so-far at `x`: the last curve point at or before it (null before the first). */
function stepAt(curve: ChildResult['curve'], x: number): number | null {
  let value: number | null = null;
  for (const point of curve) {
    if (point.trainedEpochs > x) break;
    value = point.best;
  }
  return value;
}

/** Mean ± sd across seeds at evenly spaced epochs, up to the fewest epochs any seed reached. */
export function curveOverEpochs(arm: string, children: readonly ChildResult[], points = CURVE_POINTS): CurvePoint[] {
  const curves = children.map((child) => child.curve).filter((curve) => curve.length > 0);
  if (curves.length === 0 || curves.length < children.length) return [];
  const end = Math.min(...curves.map((curve) => curve[curve.length - 1].trainedEpochs));
  const xs = [...new Set([...curves.flatMap((curve) => curve.map((point) => point.trainedEpochs)).filter((x) => x <= end)])].sort((a, b) => a - b);
  const grid = xs.length <= points ? xs : Array.from({ length: points }, (_, i) => xs[Math.round((i * (xs.length - 1)) / (points - 1))]);
  return grid.flatMap((x) => {
    const values = curves.map((curve) => stepAt(curve, x));
    if (values.some((value) => value === null)) return [];
    const { mean, sd } = meanAndSd(values as number[]);
    return [{ arm, trainedEpochs: x, mean, sd, lower: mean - sd, upper: mean + sd, runs: values.length }];
  });
}

const meanOf = (values: ReadonlyArray<number | null>) => {
  const known = values.filter((value): value is number => value !== null);
  return known.length ? meanAndSd(known).mean : null;
};

function armFinal(arm: string, children: readonly ChildResult[], metrics: readonly string[]): ArmFinal {
  const stats: ArmFinal['metrics'] = {};
  for (const metric of metrics) {
    const values = children.map((child) => child.test?.[metric]).filter((value): value is number => Number.isFinite(value));
    if (values.length) stats[metric] = meanAndSd(values);
  }
  return {
    arm,
    runs: children.length,
    metrics: stats,
    elapsedSeconds: meanOf(children.map((child) => child.elapsedSeconds)),
    passes: meanOf(children.map((child) => child.passes)),
    trainedEpochs: meanOf(children.map((child) => child.trainedEpochs)),
  };
}

/** Wilcoxon signed-rank (two-sided) of two arms' test metric, paired by seed. */
export function armTest(a: string, b: string, metric: string, children: readonly ChildResult[]): ArmTest {
  const bySeed = (arm: string) => new Map(children.filter((child) => child.arm === arm && Number.isFinite(child.test?.[metric])).map((child) => [child.seed, child.test?.[metric] as number]));
  return { a, b, metric, ...signedRankTest(...pairBySeed(bySeed(a), bySeed(b))) };
}

/** The smallest two-sided exact p of n pairs is 2 / 2ⁿ; say so when it cannot reach 0.05. */
export function sampleSizeNote(seeds: number): string | null {
  if (seeds < 1) return null;
  const smallest = 2 / 2 ** seeds;
  if (smallest < 0.05) return null;
  return `With ${seeds} seeds the smallest possible two-sided exact Wilcoxon p is ${Number(smallest.toPrecision(4))}: no difference can reach p < 0.05; read the p-values as descriptive (use at least 6 seeds for a test that can reject at 0.05).`;
}

/** Reads every child folder and computes the bake-off's tables: curves, finals per arm, tests, best losses. */
export function bakeOffOf(plan: BakeOffPlan, testMetric?: string): BakeOff {
  const folders = plan.children.map((child) => readRunFolder(child.dir));
  const children = plan.children.map((child, i) => {
    const folder = folders[i];
    return folder.config['search'] ? searchResult(folder, child, validationMetricOf(folder.config)) : trainingResult(folder, child);
  });
  const kind: BakeOffKind = children.some((child) => child.kind === 'search') ? 'search' : 'training';
  const validationMetric = validationMetricOf(folders[0]?.config ?? {});
  const metric = testMetric ?? validationMetric;
  const metrics = kind === 'training' ? TRAINING_METRICS : [...new Set(children.flatMap((child) => Object.keys(child.test ?? {})))].sort();
  const shownMetrics = metrics.includes(metric) ? metrics : [metric, ...metrics];
  const armsOf = (arm: string) => children.filter((child) => child.arm === arm);
  const pairs = plan.reference
    ? plan.arms.filter((arm) => arm !== plan.reference).map((arm) => [plan.reference as string, arm])
    : plan.arms.flatMap((a, i) => plan.arms.slice(i + 1).map((b) => [a, b]));
  const seeds = new Set(plan.children.map((child) => child.seed)).size;
  return {
    name: plan.name,
    description: plan.description ?? null,
    kind,
    arms: plan.arms,
    reference: plan.reference ?? null,
    validationMetric,
    testMetric: metric,
    shownMetrics,
    children,
    curve: kind === 'search' ? plan.arms.flatMap((arm) => curveOverEpochs(arm, armsOf(arm))) : [],
    finals: plan.arms.map((arm) => armFinal(arm, armsOf(arm), shownMetrics)),
    tests: pairs.map(([a, b]) => armTest(a, b, metric, children)),
    bestLosses: children.filter((child) => child.bestLoss).map((child) => ({ arm: child.arm, seed: child.seed, ...(child.bestLoss as { expression: string; validation: number }), test: child.test })),
    sampleSizeNote: sampleSizeNote(seeds),
  };
}
