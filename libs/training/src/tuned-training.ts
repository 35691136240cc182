import type { Recommender } from '@recsearch/core';
import { trainDeOpt, type TunedTrainingOutcome } from './de-opt-training';
import { trainGrid } from './grid-search';
import { resolveHyperparameters } from './hyperparameter-options';
import { searchedBox } from './hyperparameter-search-setup';
import { trainModel } from './train-model';
import type { TrainingOptions } from './training-options';
import type { TrainingJob } from './training-job';

/**
 * Trains as the training section's `hyperparameters.method` says: `fixed` (plain training with
 * learningRate and l2 for every group), `de-opt`, or `grid`; reports the per-group η and λ it
 * ended with and the training passes it spent. With `checkpoints`, every method saves its state
 * after each unit of work and continues from a saved one.
 */
export async function trainWithHyperparameters(job: TrainingJob): Promise<TunedTrainingOutcome> {
  const { model, training } = job;
  const { method } = resolveHyperparameters(training.hyperparameters);
  if (method === 'de-opt') return trainDeOpt(job);
  if (method === 'grid') return trainGrid(job);
  const started = performance.now();
  const outcome = await trainModel(job);
  const groups = model.layerGroups.map((group) => group.name);
  return {
    ...outcome,
    hyperparameters: {
      method,
      groups,
      settings: groups.map(() => ({ learningRate: training.learningRate, l2: training.l2 })),
      passes: outcome.epochs,
      seconds: (performance.now() - started) / 1000,
    },
  };
}

/** Throws the config error a searched box would give (empty interval, unknown layer group) before any training starts. */
export function checkHyperparameterBox(model: Recommender, training: TrainingOptions): void {
  if (resolveHyperparameters(training.hyperparameters).method !== 'fixed') searchedBox(model, training);
}
