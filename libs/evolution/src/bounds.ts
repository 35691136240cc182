import type { Rng } from '@recsearch/core';

export type BoundsHandling = 'clip' | 'reflect';

/** Brings one coordinate back into [low, high]: `clip` to the nearest face, or `reflect` off the faces (as often as needed). */
export function repairCoordinate(value: number, low: number, high: number, handling: BoundsHandling): number {
  if (value >= low && value <= high) return value;
  if (handling === 'clip' || high === low || !Number.isFinite(value)) return Math.min(Math.max(value, low), high);
  const span = high - low;
  let t = (value - low) % (2 * span);
  if (t < 0) t += 2 * span;
  return low + (t > span ? 2 * span - t : t);
}

/** A box of real coordinates [low_j, high_j], for callers that need no parameter names or log scales. */
export class RealBox {
  readonly low: readonly number[];
  readonly high: readonly number[];

  constructor(low: readonly number[], high: readonly number[]) {
    if (low.length !== high.length) throw new RangeError(`a box needs as many lower bounds as upper ones: ${low.length} vs ${high.length}`);
    low.forEach((value, j) => {
      if (!(Number.isFinite(value) && Number.isFinite(high[j]) && value <= high[j])) throw new RangeError(`coordinate ${j} of the box is empty or unbounded: [${value}, ${high[j]}]`);
    });
    this.low = [...low];
    this.high = [...high];
  }

  get dimensions(): number {
    return this.low.length;
  }

  /** A point drawn uniformly in the box. */
  sample(rng: Rng): number[] {
    return this.low.map((low, j) => rng.uniform(low, this.high[j]));
  }

  repair(point: readonly number[], handling: BoundsHandling): number[] {
    return point.map((value, j) => repairCoordinate(value, this.low[j], this.high[j], handling));
  }

  contains(point: readonly number[]): boolean {
    return point.every((value, j) => value >= this.low[j] && value <= this.high[j]);
  }
}
