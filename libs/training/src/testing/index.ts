import { Rng, RngStreams, type Dataset } from '@recsearch/core';
import { NativeMf } from '@recsearch/compute';
import { syntheticDataset } from '@recsearch/data';
import { prepareData } from '../prepare-data';
import type { TrainingSetup } from '../training-setup';
import type { TrainingOptions } from '../training-options';

export const quickTraining: TrainingOptions = {
  loss: 'bce',
  eps: 1e-6,
  optimizer: 'adam',
  learningRate: 0.01,
  l2: 0,
  batchSize: 128,
  maxEpochs: 6,
  stopping: { patience: 2 },
};

/**
 * A small classification setup for tests of loss-search components: a synthetic dataset
 * (200 users × 300 items, 12,000 ratings), leave-one-out split, MF with d = 16.
 */
export function smallTrainingSetup(seed = 3, dataset: Dataset = syntheticDataset({ users: 200, items: 300, ratings: 12000, seed })): TrainingSetup {
  return {
    data: prepareData(dataset, { task: 'classification', binariseAt: 4, negatives: 4 }, Rng.fromSeed(seed)),
    models: { model: 'mf', create: (shape) => new NativeMf({ users: shape.users, items: shape.items, dim: 16, seed: shape.seed, optimizer: shape.optimizer }) },
    training: quickTraining,
    streams: new RngStreams(seed),
  };
}
