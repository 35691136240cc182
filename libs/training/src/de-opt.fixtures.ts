import { Rng, type Dataset } from '@recsearch/core';
import { NativeMf } from '@recsearch/compute';
import { syntheticDataset } from '@recsearch/data';
import { prepareData, type PreparedData } from './prepare-data';
import { resolveLoss } from './resolve-loss';
import type { TrainingOptions } from './training-options';

/** Test fixtures: a small ranking task (150 users × 200 items, 5,000 ratings, random 70/10/20) and SGD-trained MF. */
const dataset: Dataset = syntheticDataset({ users: 150, items: 200, ratings: 5000, seed: 3 });

export function smallRankingData(seed = 5): PreparedData {
  return prepareData(dataset, { task: 'ranking', binariseAt: 4, negatives: 4, split: { kind: 'random', ratios: { train: 0.7, validation: 0.1, test: 0.2 } } }, Rng.fromSeed(seed));
}

export const smallMf = (seed = 1) => new NativeMf({ users: dataset.userCount, items: dataset.itemCount, dim: 16, seed, optimizer: { kind: 'sgd' } });

export const bce = resolveLoss('bce', { eps: 1e-6 });

/** SGD with reference η = 0.1 and λ = 1e-4 (so the box is [0, 1] × [0, 1e-3]); DE-Opt with NP = 4 and no local search. */
export const deOptTraining: TrainingOptions = {
  loss: 'bce',
  eps: 1e-6,
  optimizer: 'sgd',
  learningRate: 0.1,
  l2: 1e-4,
  batchSize: 128,
  maxEpochs: 3,
  stopping: { patience: 3 },
  hyperparameters: { method: 'de-opt', population: 4, sflsde: { localSearch: 'none' } },
};
