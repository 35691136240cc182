import type { DatasetSplit, Interactions } from '@recsearch/core';
import { Rng } from '@recsearch/core';
import { rowsWhere, selectRows } from '../interactions/interaction-columns';

export const TRAIN = 0;
export const VALIDATION = 1;
export const TEST = 2;

/** A split plus the source rows of each part (ascending), so callers can trace rows back. */
export interface SplitWithRows extends DatasetSplit {
  rows: { train: Int32Array; validation: Int32Array; test: Int32Array };
}

/** Builds the parts from one flag per row (TRAIN / VALIDATION / TEST); rows keep their order. */
export function splitByFlags(interactions: Interactions, flags: Uint8Array): SplitWithRows {
  const rows = { train: rowsWhere(flags, TRAIN), validation: rowsWhere(flags, VALIDATION), test: rowsWhere(flags, TEST) };
  return {
    train: selectRows(interactions, rows.train),
    validation: selectRows(interactions, rows.validation),
    test: selectRows(interactions, rows.test),
    rows,
  };
}

export type RngOrSeed = Rng | number;

export function toRng(source: RngOrSeed): Rng {
  return typeof source === 'number' ? Rng.fromSeed(source) : source;
}

/** Fisher–Yates over an Int32Array segment, in place. */
export function shuffleInPlace(values: Int32Array, rng: Rng, start = 0, end = values.length): void {
  for (let i = end - 1; i > start; i--) {
    const j = rng.int(start, i);
    const swap = values[i];
    values[i] = values[j];
    values[j] = swap;
  }
}

export interface SplitRatios {
  train: number;
  validation: number;
  test: number;
}

export function checkRatios(ratios: SplitRatios): void {
  const values = [ratios.train, ratios.validation, ratios.test];
  const sum = values.reduce((a, b) => a + b, 0);
  if (values.some((value) => !(value >= 0)) || Math.abs(sum - 1) > 1e-9) {
    throw new RangeError(`split ratios must be non-negative and sum to 1, got ${values.join(' / ')}`);
  }
}
