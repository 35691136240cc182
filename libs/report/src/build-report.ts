import { defaultOperatorTable } from '@recsearch/expr';
import { lossEntry } from './loss-curves';
import { metricsTables } from './metrics-tables';
import type { CandidatePoint, HyperparameterPoint, LossEntry, MetricsTable, RunReport, ThroughputBin, TrainingSeries } from './report-model';
import { digestRun, type RunDigest } from './run-digest';
import { readRunFolder, type RunFolder } from './run-folder';

/** How many of a search's best distinct losses get curves when the run made no loss report. */
const BEST_LOSSES = 5;
const THROUGHPUT_BINS = 40;

/** Candidates evaluated per second, in equal bins of the run's wall-clock time. */
export function throughputOf(candidates: readonly CandidatePoint[], bins = THROUGHPUT_BINS): ThroughputBin[] {
  if (candidates.length === 0) return [];
  const end = candidates[candidates.length - 1].seconds;
  const width = end > 0 ? end / bins : 1;
  const counts = new Array<number>(end > 0 ? bins : 1).fill(0);
  for (const point of candidates) counts[Math.min(counts.length - 1, Math.floor(point.seconds / width))]++;
  return counts.map((count, i) => ({ seconds: i * width, candidatesPerSecond: count / width }));
}

interface LossReportFile {
  rows?: Array<{ candidate: string; expression: string; eps: number | null; validation: number; test: Record<string, number> }>;
}

interface TrainingSummary {
  loss?: string;
  dataset?: Record<string, number | string>;
  outcome?: {
    metric: string;
    bestEpoch: number;
    stopReason: string;
    history?: Array<{ epoch: number; loss: number; validation: number }>;
    validation?: Record<string, number>;
    test?: Record<string, number>;
    hyperparameters?: { method: string; groups: string[]; settings: Array<{ learningRate: number; l2: number }> };
  };
}

/** DE-Opt's layer groups by name (the summary knows them; the epoch events number them). */
function namedGroups(points: readonly HyperparameterPoint[], training: TrainingSummary | undefined): HyperparameterPoint[] {
  const groups = training?.outcome?.hyperparameters?.groups ?? [];
  return points.map((point) => ({ ...point, group: groups[Number(point.group.replace('group ', ''))] ?? point.group }));
}

function hyperparameterTable(training: TrainingSummary | undefined): MetricsTable[] {
  const chosen = training?.outcome?.hyperparameters;
  if (!chosen) return [];
  return [{
    title: `Hyperparameters per layer group (${chosen.method})`,
    columns: ['learning rate η', 'L2 λ'],
    rows: chosen.settings.map((setting, i) => ({ label: chosen.groups[i] ?? `group ${i}`, values: [setting.learningRate, setting.l2] })),
  }];
}

function lossesOf(folder: RunFolder, digest: RunDigest, training: TrainingSummary | undefined): LossEntry[] {
  const table = defaultOperatorTable();
  const rows = (folder.lossReport as LossReportFile | undefined)?.rows;
  if (rows?.length) {
    return rows.map((row) => {
      const test = Object.fromEntries(Object.entries(row.test).map(([name, value]) => [`test.${name}`, value]));
      return lossEntry(row.candidate, row.expression, { ...(row.eps === null ? {} : { eps: row.eps }), validation: row.validation, ...test }, table);
    });
  }
  if (training?.loss) return [lossEntry('trained loss', training.loss, training.outcome?.test ?? {}, table)];
  const seen = new Set<string>();
  const best = digest.candidates
    .filter((point) => point.pass && digest.expressions.has(point.id))
    .sort((a, b) => b.reward - a.reward)
    .filter((point) => {
      const expression = digest.expressions.get(point.id) as string;
      return !seen.has(expression) && seen.add(expression) !== undefined;
    })
    .slice(0, BEST_LOSSES);
  return best.map((point) => lossEntry(point.id, digest.expressions.get(point.id) as string, { reward: point.reward }, table));
}

/** A training of a named loss is labelled with its name (`BCE (p3-c3)`). */
function trainingOf(digest: RunDigest, training: TrainingSummary | undefined, losses: readonly LossEntry[]): TrainingSeries[] {
  const names = new Map(losses.filter((loss) => loss.baseline !== null).map((loss) => [loss.candidate, loss.baseline as string]));
  const named = digest.training.map((series) => {
    const name = names.get(series.label.replace(/ \(\d+\)$/, ''));
    return name ? { ...series, label: `${name} (${series.label})` } : series;
  });
  if (named.length > 0 || !training?.outcome?.history) return named;
  const { outcome } = training;
  return [{ label: 'training', metric: outcome.metric, epochs: outcome.history ?? [], bestEpoch: outcome.bestEpoch, stopReason: outcome.stopReason }];
}

/** Reads a run folder into its report. */
export function buildRunReport(dir: string): RunReport {
  const folder = readRunFolder(dir);
  const digest = digestRun(folder);
  const summary = folder.summary;
  const training = summary?.training as TrainingSummary | undefined;
  const config = folder.config;
  const losses = lossesOf(folder, digest, training);
  return {
    runId: folder.runId,
    dir: folder.dir,
    name: (config['name'] as string | undefined) ?? digest.name ?? folder.runId,
    status: summary?.status ?? 'running or crashed',
    strategy: digest.strategy,
    seed: digest.seed ?? (config['seed'] as number | undefined) ?? null,
    config,
    dataset: { config: config['dataset'] ?? null, data: config['data'] ?? null, counts: training?.dataset ?? null },
    candidates: digest.candidates,
    phases: digest.phases,
    outcomes: digest.outcomes,
    throughput: throughputOf(digest.candidates),
    training: trainingOf(digest, training, losses),
    hyperparameters: namedGroups(digest.hyperparameters, training),
    losses,
    tables: [...metricsTables(summary, digest, losses, training?.outcome), ...hyperparameterTable(training)],
    elapsedSeconds: summary?.elapsedSeconds ?? null,
  };
}
