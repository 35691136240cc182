import type { Dataset, DatasetSplit, Interactions, Rng } from '@recsearch/core';
import { binarise, kCore, NegativeSampler, splitDataset, toImplicit, UserItems, type SplitSpec } from '@recsearch/data';
import type { TrainingPairs } from '@recsearch/compute';
import type { DataOptions } from './data-options';

/** A dataset ready to train on: its split, and the training rows of each epoch. */
export interface PreparedData {
  dataset: Dataset;
  task: DataOptions['task'];
  split: DatasetSplit;
  /** The training rows of an epoch: fixed for classification, fresh negatives for ranking. */
  epochPairs(epoch: number): TrainingPairs;
  /** Each user's training items (excluded when ranking). */
  seen: UserItems;
}

function defaultSplit(dataset: Dataset, task: DataOptions['task']): SplitSpec {
  if (dataset.split) return { kind: 'shipped' };
  return task === 'classification' ? { kind: 'leave-one-out-by-time' } : { kind: 'random' };
}

const asPairs = (part: Interactions): TrainingPairs => ({ users: part.users, items: part.items, labels: part.ratings });

export function prepareData(loaded: Dataset, options: DataOptions, rng: Rng): PreparedData {
  let dataset = loaded;
  if (options.kCore) dataset = kCore(dataset, options.kCore);
  if (options.task === 'ranking') dataset = toImplicit(dataset);
  else if ((dataset.feedback ?? 'explicit') === 'explicit') dataset = binarise(dataset, options.binariseAt);
  const split = splitDataset(dataset, options.split ?? defaultSplit(dataset, options.task), rng);
  const seen = UserItems.from(split.train, dataset.userCount);
  if (options.task === 'classification') {
    const pairs = asPairs(split.train);
    return { dataset, task: options.task, split, seen, epochPairs: () => pairs };
  }
  const sampler = new NegativeSampler(split.train, dataset.userCount, dataset.itemCount, rng);
  return { dataset, task: options.task, split, seen, epochPairs: () => asPairs(sampler.epoch(split.train, options.negatives)) };
}
