import type { GroupSettings, Json, RecommenderSnapshot } from '@recsearch/core';
import { autoLossGenStopping, decodeFitState, decodeNumbers, decodeSnapshot, encodeFitState, encodeNumbers, encodeSnapshot, fit, patience, TrainingInterrupted } from '@recsearch/compute';
import type { TunedTrainingOutcome } from './de-opt-training';
import { metricsOf } from './evaluate-model';
import { HyperparameterBox } from './hyperparameter-box';
import { hyperparameterSearchSetup } from './hyperparameter-search-setup';
import { trainingEpoch, trainingFinished, type TrainingOutcome } from './train-model';
import { checkpointOf } from './training-checkpoints';
import type { TrainingJob } from './training-job';

/** `points` values of [min, max]: geometric from max/100 (or min, when above it) to max; one point is max/10. */
export function gridAxis(min: number, max: number, points: number): number[] {
  if (max <= 0) return [0];
  if (points === 1) return [Math.max(min, max / 10)];
  const low = Math.max(min, max / 100);
  // Divided down from max, so a decade grid lands on round numbers (1e-4 / 10, not 1e-6 · 10).
  return Array.from({ length: points }, (_, k) => max / (max / low) ** ((points - 1 - k) / (points - 1)));
}

/** Every (η, λ) grid point as per-group settings (each group's own interval, same grid position). */
export function gridSettings(box: HyperparameterBox, points: number): GroupSettings[][] {
  const n = box.groups.length;
  const { low, high } = box.box;
  const etas = box.groups.map((_, g) => gridAxis(low[g], high[g], points));
  const lambdas = box.groups.map((_, g) => gridAxis(low[n + g], high[n + g], points));
  // An axis collapses to [0] when its box is [0, 0]: it then has one position, not `points`.
  const positions = (axes: number[][]) => Math.max(...axes.map((axis) => axis.length));
  const grid: GroupSettings[][] = [];
  for (let a = 0; a < positions(etas); a++) {
    for (let b = 0; b < positions(lambdas); b++) {
      grid.push(box.groups.map((_, g) => ({ learningRate: etas[g][Math.min(a, etas[g].length - 1)], l2: lambdas[g][Math.min(b, lambdas[g].length - 1)] })));
    }
  }
  return grid;
}

type GridRun = NonNullable<TunedTrainingOutcome['hyperparameters']['grid']>[number];
type GridBest = { run: number; snapshot: RecommenderSnapshot; result: Omit<TrainingOutcome, 'metric' | 'validation' | 'test'> };

/** The grid's progress as its checkpoint holds it: finished points, the best so far, the point in training. */
interface GridCheckpoint {
  method: 'grid';
  /** The grid point being trained (or next, when `fit` is absent). */
  point: number;
  runs: Json;
  passes: number;
  /** The shuffling stream between points (inside a point, `fit` has it). */
  rng: number[];
  best?: { run: number; snapshot: Json; result: Json };
  fit?: Json;
}

/** The best run as its checkpoint holds it. */
function encodeBest(best: GridBest): NonNullable<GridCheckpoint['best']> {
  return { run: best.run, snapshot: encodeSnapshot(best.snapshot), result: encodeNumbers(best.result) };
}

/**
 * The grid-search baseline: one full training run (the training section's stopping rule) per
 * grid point over the same box as DE-Opt, each from the same initial weights; the model ends
 * as the best run's best epoch by the validation metric. Passes = epochs over all runs. With
 * `checkpoints`, saves the results so far and the running point's state after every epoch.
 */
export async function trainGrid(job: TrainingJob): Promise<TunedTrainingOutcome> {
  const { model, data, loss, training, rng, bus, checkpoints } = job;
  const started = performance.now();
  const { options, box, metric, scorer: validate } = hyperparameterSearchSetup(model, data, training);
  const initial = model.snapshot();
  const saved = checkpointOf(checkpoints, 'grid') as GridCheckpoint | undefined;
  const runs: GridRun[] = saved ? decodeNumbers<GridRun[]>(saved.runs) : [];
  let best: GridBest | undefined = saved?.best ? { run: saved.best.run, snapshot: decodeSnapshot(saved.best.snapshot), result: decodeNumbers(saved.best.result) } : undefined;
  let passes = saved?.passes ?? 0;
  if (saved) rng.setState(saved.rng);
  // Encoded when they change (a grid point ends), not on every epoch's checkpoint.
  let encodedRuns = encodeNumbers(runs);
  let encodedBest = best && encodeBest(best);
  const save = (point: number, fitState?: Json) =>
    checkpoints?.save({
      method: 'grid',
      point,
      runs: encodedRuns,
      passes,
      rng: rng.state(),
      ...(encodedBest ? { best: encodedBest } : {}),
      ...(fitState ? { fit: fitState } : {}),
    });
  const grid = gridSettings(box, options.gridPoints);
  for (let point = saved?.point ?? 0; point < grid.length; point++) {
    const settings = grid[point];
    const resume = saved?.fit !== undefined && point === saved.point ? decodeFitState(saved.fit) : undefined;
    model.restore(initial);
    const result = await fit(model, (epoch) => data.epochPairs(epoch), {
      loss: loss.gradient,
      batchSize: training.batchSize,
      settings,
      rng,
      maxEpochs: training.maxEpochs,
      stopping: training.stopping === 'autolossgen' ? autoLossGenStopping : patience(training.stopping.patience),
      validate,
      explicitL2: training.explicitL2,
      onEpoch: (report) => bus?.emit(trainingEpoch({ ...report, metric })),
      ...(resume ? { resume } : {}),
      ...(checkpoints ? { onCheckpoint: (state) => save(point, encodeFitState(state)), shouldStop: () => checkpoints.stopRequested() } : {}),
    });
    passes += result.epochs;
    runs.push({ settings, validation: result.bestValidation, epochs: result.epochs });
    encodedRuns = encodeNumbers(runs);
    if (!best || result.bestValidation > best.result.bestValidation) {
      best = { run: runs.length - 1, snapshot: model.snapshot(), result };
      encodedBest = encodeBest(best);
    }
    save(point + 1);
    if (point + 1 < grid.length && checkpoints?.stopRequested()) throw new TrainingInterrupted(`grid point ${point + 1}`);
  }
  if (!best) throw new RangeError('the grid is empty');
  model.restore(best.snapshot);
  const outcome: TunedTrainingOutcome = {
    ...best.result,
    metric,
    validation: metricsOf(model, data, 'validation'),
    test: metricsOf(model, data, 'test'),
    hyperparameters: { method: 'grid', groups: [...box.groups], settings: runs[best.run].settings, passes, seconds: (performance.now() - started) / 1000, grid: runs },
  };
  bus?.emit(trainingFinished({ epochs: outcome.epochs, bestEpoch: outcome.bestEpoch, stopReason: outcome.stopReason, test: outcome.test }));
  return outcome;
}
