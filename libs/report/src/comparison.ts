import { pairedWilcoxon } from '@recsearch/metrics';
import { buildRunReport } from './build-report';
import type { RunReport } from './report-model';

/** One run in a comparison: its search phase's best-so-far curve and final best reward. */
export interface ComparedRun {
  runId: string;
  dir: string;
  /** The config name: runs sharing it are one group (e.g. the same config under several seeds). */
  group: string;
  seed: number | null;
  strategy: string | null;
  status: string;
  /** Best reward so far after each candidate of the first (search) phase; null before the first pass. */
  curve: Array<number | null>;
  final: number | null;
  elapsedSeconds: number | null;
}

export interface BudgetPoint {
  group: string;
  /** Candidates evaluated (1-based). */
  n: number;
  mean: number;
  sd: number;
  lower: number;
  upper: number;
  runs: number;
}

export interface GroupFinal {
  group: string;
  runs: number;
  mean: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
}

export type PairingBasis = 'per-seed finals' | 'per-candidate-index best-so-far';

export interface PairedComparison {
  a: string;
  b: string;
  /** What was paired: finals of runs with the same seed when the groups share ≥ 2 seeds, else the groups' mean curves index by index. */
  basis: PairingBasis;
  pairs: number;
  statistic: number | null;
  pValue: number | null;
  /** Why there is no p-value (too few pairs, or all pairs equal). */
  note: string | null;
}

export interface Comparison {
  runs: ComparedRun[];
  budget: BudgetPoint[];
  finals: GroupFinal[];
  tests: PairedComparison[];
}

export function comparedRun(report: RunReport): ComparedRun {
  const firstPhase = report.phases[0]?.index ?? 0;
  const curve = report.candidates.filter((point) => point.phase === firstPhase).map((point) => point.bestSoFar);
  return {
    runId: report.runId,
    dir: report.dir,
    group: report.name,
    seed: report.seed,
    strategy: report.strategy,
    status: report.status,
    curve,
    final: curve.length ? curve[curve.length - 1] : null,
    elapsedSeconds: report.elapsedSeconds,
  };
}

export function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

function groupsOf(runs: readonly ComparedRun[]): Map<string, ComparedRun[]> {
  const groups = new Map<string, ComparedRun[]>();
  for (const run of runs) groups.set(run.group, [...(groups.get(run.group) ?? []), run]);
  return groups;
}

/** Mean ± sample sd of the group's best-so-far at each budget every run of the group reached with a pass. */
function budgetCurve(group: string, runs: readonly ComparedRun[]): BudgetPoint[] {
  const length = Math.min(...runs.map((run) => run.curve.length));
  const points: BudgetPoint[] = [];
  for (let i = 0; i < length; i++) {
    const values = runs.map((run) => run.curve[i]);
    if (values.some((value) => value === null)) continue;
    const { mean, sd } = meanAndSd(values as number[]);
    points.push({ group, n: i + 1, mean, sd, lower: mean - sd, upper: mean + sd, runs: runs.length });
  }
  return points;
}

function groupFinal(group: string, runs: readonly ComparedRun[]): GroupFinal {
  const finals = runs.map((run) => run.final).filter((value): value is number => value !== null);
  if (finals.length === 0) return { group, runs: runs.length, mean: null, sd: null, min: null, max: null };
  return { group, runs: runs.length, ...meanAndSd(finals), min: Math.min(...finals), max: Math.max(...finals) };
}

/** A two-sided Wilcoxon signed-rank test of paired samples; without a p-value, the note says why. */
export interface SignedRankTest {
  pairs: number;
  statistic: number | null;
  pValue: number | null;
  note: string | null;
}

/** Tests paired samples, or notes why not: fewer than 2 pairs, or all pairs equal. */
export function signedRankTest(x: readonly number[], y: readonly number[]): SignedRankTest {
  const pairs = x.length;
  if (pairs < 2) return { pairs, statistic: null, pValue: null, note: 'fewer than 2 pairs' };
  if (x.every((value, i) => value === y[i])) return { pairs, statistic: null, pValue: null, note: 'all pairs equal' };
  const { statistic, pValue } = pairedWilcoxon(x, y);
  return { pairs, statistic, pValue, note: null };
}

/** The two samples' values (keyed by seed) at the seeds both have, in seed order. */
export function pairBySeed(x: ReadonlyMap<number, number>, y: ReadonlyMap<number, number>): [number[], number[]] {
  const seeds = [...x.keys()].filter((seed) => y.has(seed)).sort((s, t) => s - t);
  return [seeds.map((seed) => x.get(seed) as number), seeds.map((seed) => y.get(seed) as number)];
}

function wilcoxon(a: string, b: string, basis: PairingBasis, x: number[], y: number[]): PairedComparison {
  const test = signedRankTest(x, y);
  const descriptive = basis === 'per-candidate-index best-so-far' && test.pValue !== null;
  return { a, b, basis, ...test, ...(descriptive ? { note: 'curve points are autocorrelated: read as descriptive' } : {}) };
}

function pairedTest(a: string, runsA: readonly ComparedRun[], b: string, runsB: readonly ComparedRun[], budget: readonly BudgetPoint[]): PairedComparison {
  const finalsBySeed = (runs: readonly ComparedRun[]) => new Map(runs.filter((run) => run.seed !== null && run.final !== null).map((run) => [run.seed as number, run.final as number]));
  const [finalsA, finalsB] = pairBySeed(finalsBySeed(runsA), finalsBySeed(runsB));
  if (finalsA.length >= 2) return wilcoxon(a, b, 'per-seed finals', finalsA, finalsB);
  const curveB = new Map(budget.filter((point) => point.group === b).map((point) => [point.n, point.mean]));
  const shared = budget.filter((point) => point.group === a && curveB.has(point.n));
  return wilcoxon(a, b, 'per-candidate-index best-so-far', shared.map((point) => point.mean), shared.map((point) => curveB.get(point.n) as number));
}

/** Compares runs: best-so-far over budget per config (mean ± sd), finals per config, and pairwise Wilcoxon tests. */
export function compareRuns(reports: readonly RunReport[]): Comparison {
  const runs = reports.map(comparedRun);
  const groups = [...groupsOf(runs)];
  const budget = groups.flatMap(([group, members]) => budgetCurve(group, members));
  const tests: PairedComparison[] = [];
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) tests.push(pairedTest(groups[i][0], groups[i][1], groups[j][0], groups[j][1], budget));
  }
  return { runs, budget, finals: groups.map(([group, members]) => groupFinal(group, members)), tests };
}

/** Reads the run folders and compares them, grouped by config name. */
export function compareRunFolders(dirs: readonly string[]): Comparison {
  return compareRuns(dirs.map(buildRunReport));
}
