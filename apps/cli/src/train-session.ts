import { ConfigError, EventBus, RecsearchError, RngStreams, defineEvent, ofType, type ResolvedConfig } from '@recsearch/core';
import { selectBackend, type BackendChoice } from '@recsearch/compute';
import { RunStore } from '@recsearch/tracking';
import { buildTrainingSetup, freshModel, resolveLoss, trainingEpoch, trainWithHyperparameters, type TunedTrainingOutcome } from '@recsearch/training';
import { SingleBar } from 'cli-progress';
import type { PluginRegistry } from '@recsearch/core';
import type { Output } from './output';

declare module '@recsearch/core' {
  interface EventPayloads {
    'backend.selected': BackendChoice;
  }
}
/** [Compute] the tensor backend chosen at start. */
export const backendSelected = defineEvent('backend.selected');

export interface TrainResult {
  runDir: string;
  backend: string;
  loss: string;
  dataset: { name: string; users: number; items: number; train: number; validation: number; test: number };
  outcome: TunedTrainingOutcome;
}

function epochProgress(bus: EventBus, maxEpochs: number): void {
  const bar = new SingleBar({ format: 'epochs |{bar}| {value}/{total} | loss {loss} | {metric} {validation} (best {best} @ {bestEpoch}) | {duration_formatted}', stream: process.stderr, hideCursor: true });
  bar.start(maxEpochs, 0, { loss: '—', metric: '', validation: '—', best: '—', bestEpoch: '—' });
  bus.on('progress', ofType(trainingEpoch), ({ payload }) =>
    bar.update(payload.epoch + 1, {
      loss: payload.loss.toFixed(4),
      metric: payload.metric,
      validation: payload.validation.toFixed(4),
      best: payload.best.toFixed(4),
      bestEpoch: payload.bestEpoch + 1,
    }),
  );
  bus.on('progress/end', ofType('training.finished'), () => bar.stop());
}

/** Trains one model with one loss as the config says, in its own run folder, and reports the metrics. */
/** The training section's loss, compiled; a syntax error points at `/training/loss`. */
function trainingLoss(config: ResolvedConfig, configFile: string) {
  const { loss, eps } = config['training'] as { loss: string; eps: number };
  try {
    return resolveLoss(loss, { eps });
  } catch (error) {
    if (error instanceof RecsearchError) throw new ConfigError([{ file: configFile, jsonPath: '/training/loss', message: error.message, found: loss }]);
    throw error;
  }
}

export async function trainSession(config: ResolvedConfig, registry: PluginRegistry, name: string, configFile: string, output: Output): Promise<TrainResult> {
  const loss = trainingLoss(config, configFile);
  const store = RunStore.create(config.output.runsDir, name, config, { configFile });
  const bus = new EventBus({ runId: store.runId });
  let setup;
  let backend;
  try {
    backend = await selectBackend();
    setup = await buildTrainingSetup(config, { registry, bus, run: { runId: store.runId, name, seed: config.seed, configDir: store.meta.configDir } }, new RngStreams(config.seed));
  } catch (error) {
    // Nothing trained: leave no half-made run folder behind.
    store.close();
    store.discard();
    throw error;
  }
  output.say(`run folder: ${store.dir}`);
  store.attach(bus);
  bus.emit(backendSelected(backend));
  const { streams } = setup;
  try {
    if (output.isInteractive) epochProgress(bus, setup.training.maxEpochs);
    const outcome = await trainWithHyperparameters(freshModel(setup), setup.data, loss, setup.training, streams.stream('/training'), bus);
    const { dataset, split } = setup.data;
    const result: TrainResult = {
      runDir: store.dir,
      backend: backend.name,
      loss: loss.source,
      dataset: { name: dataset.name, users: dataset.userCount, items: dataset.itemCount, train: split.train.users.length, validation: split.validation.users.length, test: split.test.users.length },
      outcome,
    };
    store.writeSummary({ name, status: 'finished', stoppedBy: 'strategy', progress: { candidates: 1, evaluations: outcome.epochs }, elapsedSeconds: outcome.history.reduce((sum, epoch) => sum + epoch.seconds, 0), best: null, training: result } as never);
    return result;
  } finally {
    store.close();
  }
}

/** The metrics table: one row per metric, validation and test side by side. */
export function formatTrainResult(result: TrainResult): string {
  const { outcome, dataset } = result;
  const rows = Object.keys(outcome.test).map((metric) => `  ${metric.padEnd(28)} ${outcome.validation[metric]?.toFixed(4).padStart(10)} ${outcome.test[metric].toFixed(4).padStart(10)}`);
  return [
    `${dataset.name}: ${dataset.users} users, ${dataset.items} items; ${dataset.train} / ${dataset.validation} / ${dataset.test} rows (train / validation / test)`,
    `loss ${result.loss}; backend ${result.backend}`,
    `${outcome.epochs} epochs (best ${outcome.bestEpoch + 1} by validation ${outcome.metric}, stopped: ${outcome.stopReason})`,
    `  ${'metric'.padEnd(28)} ${'validation'.padStart(10)} ${'test'.padStart(10)}`,
    ...rows,
    ...hyperparameterLines(outcome),
    `run folder: ${result.runDir}`,
  ].join('\n');
}

/** The per-group η and λ the run ended with, and its cost in training passes. */
function hyperparameterLines({ hyperparameters: h }: TunedTrainingOutcome): string[] {
  const cost = `${h.passes} training passes, ${h.seconds.toFixed(1)} s`;
  const value = (x: number) => (x === 0 ? '0' : x.toPrecision(4)).padStart(10);
  if (h.method === 'fixed') return [`hyperparameters: fixed; ${cost}`];
  return [
    `hyperparameters: ${h.method}${h.grid ? ` (${h.grid.length} grid points)` : ''}; ${cost}`,
    `  ${'layer group'.padEnd(28)} ${'η'.padStart(10)} ${'λ'.padStart(10)}`,
    ...h.groups.map((group, g) => `  ${group.padEnd(28)} ${value(h.settings[g].learningRate)} ${value(h.settings[g].l2)}`),
  ];
}
