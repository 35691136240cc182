import type { Dataset } from '@recsearch/core';
import { rowsByUser } from '../interactions/interaction-columns';
import { isPositive } from '../transforms/binarise';
import { splitByFlags, TEST, VALIDATION, type SplitWithRows } from './split-parts';

export interface LeaveOneOutOptions {
  /** Users with fewer interactions stay wholly in train. Default 5. */
  minInteractions?: number;
  /** For explicit data: rating ≥ threshold is a positive. Default 4. */
  positiveThreshold?: number;
}

/**
 * AutoLossGen's positive leave-one-out by time. Per user, rows in time order (a stable sort:
 * equal times keep file order): the last positive and every later row → test; of the rest,
 * the last positive and every later row → validation; the remainder → train. Needs timestamps.
 */
export function leaveOneOutByTime(dataset: Dataset, options: LeaveOneOutOptions = {}): SplitWithRows {
  const { interactions, userCount } = dataset;
  const times = interactions.times;
  if (!times) throw new RangeError(`dataset ${dataset.name} has no timestamps: leave-one-out by time needs them`);
  const minInteractions = options.minInteractions ?? 5;
  const positive = isPositive(dataset, options.positiveThreshold);
  const { offsets, rows } = rowsByUser(interactions.users, userCount);
  const flags = new Uint8Array(interactions.users.length);
  for (let user = 0; user < userCount; user++) {
    const start = offsets[user];
    const end = offsets[user + 1];
    if (end - start < minInteractions) continue;
    const ordered = rows.subarray(start, end).sort((a, b) => times[a] - times[b] || a - b);
    const testStart = lastPositiveBefore(ordered, ordered.length, interactions.ratings, positive);
    if (testStart < 0) continue;
    for (let k = testStart; k < ordered.length; k++) flags[ordered[k]] = TEST;
    const validationStart = lastPositiveBefore(ordered, testStart, interactions.ratings, positive);
    if (validationStart < 0) continue;
    for (let k = validationStart; k < testStart; k++) flags[ordered[k]] = VALIDATION;
  }
  return splitByFlags(interactions, flags);
}

function lastPositiveBefore(
  ordered: Int32Array,
  end: number,
  ratings: Float32Array,
  positive: (rating: number) => boolean,
): number {
  for (let k = end - 1; k >= 0; k--) if (positive(ratings[ordered[k]])) return k;
  return -1;
}
