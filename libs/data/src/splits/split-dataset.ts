import type { Dataset, DatasetSplit } from '@recsearch/core';
import { leaveOneOutByTime } from './leave-one-out-by-time';
import { perUserRandomSplit, randomSplit } from './random-split';
import { toRng, type RngOrSeed, type SplitRatios } from './split-parts';

/** How a config asks for a split (the JSON shape of a `split` section). */
export type SplitSpec =
  | { kind: 'shipped' }
  | { kind: 'leave-one-out-by-time'; minInteractions?: number; positiveThreshold?: number }
  | { kind: 'random'; ratios?: SplitRatios }
  | { kind: 'per-user-random'; ratios?: SplitRatios };

/**
 * Splits a dataset as the spec says. `shipped` uses the split that came with the source
 * (AutoLossGen's files) and fails if there is none; the random kinds draw from `rng`.
 */
export function splitDataset(dataset: Dataset, spec: SplitSpec, rng: RngOrSeed): DatasetSplit {
  switch (spec.kind) {
    case 'shipped':
      if (!dataset.split) throw new RangeError(`dataset ${dataset.name} ships no split; choose another split kind`);
      return dataset.split;
    case 'leave-one-out-by-time':
      return leaveOneOutByTime(dataset, spec);
    case 'random':
      return randomSplit(dataset.interactions, toRng(rng), spec.ratios);
    case 'per-user-random':
      return perUserRandomSplit(dataset.interactions, dataset.userCount, toRng(rng), spec.ratios);
  }
}
