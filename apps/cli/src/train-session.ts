import {
  checkpointWritten,
  ConfigError,
  EventBus,
  RecsearchError,
  RngStreams,
  defineEvent,
  ofType,
  runResumed,
  type PluginSection,
  type ResolvedConfig,
  type RunSummary,
} from '@recsearch/core';
import { selectBackend, TrainingInterrupted, type BackendChoice } from '@recsearch/compute';
import { RUN_FILES, RunStore } from '@recsearch/tracking';
import {
  buildTrainingSetup,
  checkHyperparameterBox,
  DEFAULT_MODEL,
  defaultHyperparameters,
  freshModel,
  resolveLoss,
  trainingEpoch,
  trainWithHyperparameters,
  type ResolvedLoss,
  type TrainingCheckpoints,
  type TrainingOptions,
  type TunedTrainingOutcome,
} from '@recsearch/training';
import { SingleBar } from 'cli-progress';
import type { PluginRegistry } from '@recsearch/core';
import { registryWith } from './environment';
import type { Output } from './output';
import { EXIT_INTERRUPTED, stopOnInterrupt } from './run-session';

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
  /** The settings it trained with, presets filled in. */
  settings: { training: TrainingOptions; model: PluginSection };
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

/** `recsearch train` stopped by Ctrl-C after a checkpoint: exits 130 with the resume command. */
export class TrainingRunInterrupted extends RecsearchError {
  override readonly exitCode = EXIT_INTERRUPTED;
  constructor(readonly runDir: string, after: string) {
    super(`training stopped after ${after}; resume with: recsearch resume ${runDir}`);
  }
}

/** Trains one model with one loss as the config says, in a new run folder, and reports the metrics. */
export async function trainSession(config: ResolvedConfig, registry: PluginRegistry, name: string, configFile: string, output: Output): Promise<TrainResult> {
  const loss = trainingLoss(config, configFile);
  const store = RunStore.create(config.output.runsDir, name, { ...config, name }, { configFile });
  return runTraining(store, registry, loss, output);
}

/** Trains in a run folder just made for it (e.g. a compare's child); a bad loss discards the folder. */
export async function trainInStore(store: RunStore, registry: PluginRegistry, output: Output): Promise<TrainResult> {
  let loss: ResolvedLoss;
  try {
    loss = trainingLoss(store.config, store.meta.configFile);
  } catch (error) {
    store.close();
    store.discard();
    throw error;
  }
  return runTraining(store, registry, loss, output);
}

/** Continues a training run (a run folder whose config has no `search`) from its last checkpoint. */
export async function resumeTrainSession(store: RunStore, output: Output): Promise<TrainResult> {
  let registry: PluginRegistry;
  let loss: ResolvedLoss;
  try {
    registry = await registryWith(store.config.plugins, store.meta.configDir);
    loss = trainingLoss(store.config, store.meta.configFile);
  } catch (error) {
    store.close();
    throw error;
  }
  output.say(`resuming ${store.dir} from ${store.checkpoint ? `checkpoint at event ${store.checkpoint.seq}` : 'the start'}`);
  return runTraining(store, registry, loss, output);
}

/**
 * Trains in the store's folder, from its checkpoint when it has one. After every unit of work
 * (epoch, generation) the trainer's state, the RNG streams and the event count go to the
 * checkpoint; a resumed run starts its bus after the checkpoint's event, so the events it
 * re-creates up to the end of the log are not written twice. Ctrl-C once finishes the unit,
 * checkpoints and throws `TrainingRunInterrupted` (exit 130, the resume command); twice abandons at once.
 */
async function runTraining(store: RunStore, registry: PluginRegistry, loss: ResolvedLoss, output: Output): Promise<TrainResult> {
  const { config, checkpoint } = store;
  const name = config.name ?? store.runId;
  const fresh = !checkpoint && store.lastLoggedSeq === 0;
  const bus = new EventBus({ runId: store.runId, lastSeq: checkpoint?.seq ?? 0 });
  let setup;
  let backend;
  let model;
  try {
    backend = await selectBackend();
    setup = await buildTrainingSetup(config, { registry, bus, run: { runId: store.runId, name, seed: config.seed, configDir: store.meta.configDir } }, new RngStreams(config.seed));
    model = freshModel(setup);
    checkHyperparameterBox(model, setup.training);
  } catch (error) {
    store.close();
    // Nothing trained: leave no half-made run folder behind.
    if (fresh) store.discard();
    throw error;
  }
  if (fresh) output.say(`run folder: ${store.dir}`);
  const { streams } = setup;
  if (checkpoint) streams.restore(checkpoint.rng);
  store.attach(bus);
  if (!fresh) bus.announceAfter(store.lastLoggedSeq, runResumed({ fromCheckpointSeq: checkpoint?.seq ?? 0, replayedThroughSeq: store.lastLoggedSeq }));
  if (!checkpoint) bus.emit(backendSelected(backend));
  const started = performance.now();
  const elapsedMs = () => (checkpoint?.runner.elapsedMs ?? 0) + performance.now() - started;
  let step = checkpoint?.runner.step ?? 0;
  let stopRequested = false;
  const checkpoints: TrainingCheckpoints = {
    ...(checkpoint ? { resumeFrom: checkpoint.strategy } : {}),
    save: (state) => {
      step++;
      // Announced before the file is written, as the runner does: a replay re-creates it.
      bus.emit(checkpointWritten({ step, file: RUN_FILES.checkpoint }));
      store.saveCheckpoint({ version: 1, seq: bus.lastSeq, runner: { step, candidates: 0, evaluations: step, elapsedMs: elapsedMs(), best: null, passed: [] }, strategy: state, evaluators: [], rng: streams.snapshot() });
    },
    stopRequested: () => stopRequested,
  };
  const release = stopOnInterrupt(output, store.dir, 'stopping after the current epoch', () => {
    stopRequested = true;
  });
  const summaryOf = (status: RunSummary['status'], stoppedBy: RunSummary['stoppedBy']): RunSummary => ({
    name,
    status,
    stoppedBy,
    progress: { candidates: status === 'finished' ? 1 : 0, evaluations: step },
    elapsedSeconds: elapsedMs() / 1000,
    best: null,
  });
  try {
    if (output.isInteractive) epochProgress(bus, setup.training.maxEpochs);
    const outcome = await trainWithHyperparameters({ model, data: setup.data, loss, training: setup.training, rng: streams.stream('/training'), bus, checkpoints });
    const { dataset, split } = setup.data;
    const result: TrainResult = {
      runDir: store.dir,
      backend: backend.name,
      loss: loss.source,
      dataset: { name: dataset.name, users: dataset.userCount, items: dataset.itemCount, train: split.train.users.length, validation: split.validation.users.length, test: split.test.users.length },
      settings: { training: setup.training, model: config.model ?? DEFAULT_MODEL },
      outcome,
    };
    store.writeSummary({ ...summaryOf('finished', 'strategy'), training: result } as RunSummary);
    return result;
  } catch (error) {
    if (!(error instanceof TrainingInterrupted)) throw error;
    store.writeSummary(summaryOf('interrupted', 'interrupt'));
    throw new TrainingRunInterrupted(store.dir, error.after);
  } finally {
    release();
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
    settingsLine(result.settings),
    `${outcome.epochs} epochs (best ${outcome.bestEpoch + 1} by validation ${outcome.metric}, stopped: ${outcome.stopReason})`,
    `  ${'metric'.padEnd(28)} ${'validation'.padStart(10)} ${'test'.padStart(10)}`,
    ...rows,
    ...hyperparameterLines(outcome),
    `run folder: ${result.runDir}`,
  ].join('\n');
}

/** The optimiser settings and initialisation it trained with, presets filled in. */
function settingsLine({ training: t, model }: TrainResult['settings']): string {
  const init = [model['embeddingStd'] === undefined ? '' : `embeddings N(0, ${model['embeddingStd']})`, model['globalBias'] === undefined ? '' : `b_g ${model['globalBias']}`].filter(Boolean);
  return [
    `training (${t.variant ?? 'paper'}): ${t.optimizer} lr ${t.learningRate}, batch ${t.batchSize}`,
    `weight decay ${t.l2} (${t.embeddingDecay === 'all' ? 'every row' : "the batch's rows"})`,
    `explicit ℓ2 ${t.explicitL2 ?? 0}`,
    `clip ${t.clip === undefined ? 'none' : `±${t.clip}`}`,
    `stopping ${stoppingRule(t)}`,
    `model ${model.type}${init.length ? ` (${init.join(', ')})` : ''}`,
  ].join('; ');
}

/** DE-Opt stops by its own patience; the other methods by the training section's rule. */
function stoppingRule(t: TrainingOptions): string {
  const tuning = t.hyperparameters;
  if (tuning?.method === 'de-opt') return `patience ${tuning.patience ?? defaultHyperparameters.patience} (DE-Opt)`;
  return typeof t.stopping === 'string' ? t.stopping : `patience ${t.stopping.patience}`;
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
