import type { Interactions } from '@recsearch/core';
import { rowsByUser } from '../interactions/interaction-columns';
import {
  checkRatios,
  shuffleInPlace,
  splitByFlags,
  TEST,
  toRng,
  TRAIN,
  VALIDATION,
  type RngOrSeed,
  type SplitRatios,
  type SplitWithRows,
} from './split-parts';

export const deOptRatios: SplitRatios = { train: 0.7, validation: 0.1, test: 0.2 };

/**
 * Random split of all interactions (DE-Opt's 70/10/20 by default): one seeded shuffle, then
 * the first round(n·train) rows to train, the next round(n·validation) to validation, the rest
 * to test. Parts keep the original row order.
 */
export function randomSplit(interactions: Interactions, rng: RngOrSeed, ratios: SplitRatios = deOptRatios): SplitWithRows {
  checkRatios(ratios);
  const n = interactions.users.length;
  const order = new Int32Array(n);
  for (let row = 0; row < n; row++) order[row] = row;
  shuffleInPlace(order, toRng(rng));
  const trainCount = Math.round(n * ratios.train);
  const validationCount = Math.min(n - trainCount, Math.round(n * ratios.validation));
  const flags = new Uint8Array(n);
  for (let k = 0; k < n; k++) flags[order[k]] = k < trainCount ? TRAIN : k < trainCount + validationCount ? VALIDATION : TEST;
  return splitByFlags(interactions, flags);
}

/**
 * The same ratios applied inside each user's interactions, so every user appears in train:
 * a user with c rows gets round(c·test) test and round(c·validation) validation rows, but
 * always keeps at least one row in train.
 */
export function perUserRandomSplit(
  interactions: Interactions,
  userCount: number,
  rng: RngOrSeed,
  ratios: SplitRatios = deOptRatios,
): SplitWithRows {
  checkRatios(ratios);
  const random = toRng(rng);
  const { offsets, rows } = rowsByUser(interactions.users, userCount);
  const flags = new Uint8Array(interactions.users.length);
  for (let user = 0; user < userCount; user++) {
    const start = offsets[user];
    const count = offsets[user + 1] - start;
    if (count === 0) continue;
    shuffleInPlace(rows, random, start, start + count);
    let testCount = Math.round(count * ratios.test);
    let validationCount = Math.round(count * ratios.validation);
    while (testCount + validationCount > count - 1 && testCount + validationCount > 0) {
      if (testCount >= validationCount && testCount > 0) testCount--;
      else validationCount--;
    }
    const trainCount = count - testCount - validationCount;
    for (let k = 0; k < count; k++) {
      flags[rows[start + k]] = k < trainCount ? TRAIN : k < trainCount + validationCount ? VALIDATION : TEST;
    }
  }
  return splitByFlags(interactions, flags);
}
