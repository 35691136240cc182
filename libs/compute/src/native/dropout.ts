import type { Rng } from '@recsearch/core';

/**
 * Inverted-dropout mask: 0 with probability `rate`, else 1/(1 − rate). Native models and their
 * tfjs twins draw masks with this one function, so the same stream state gives the same masks.
 */
export function fillDropoutMask(rng: Rng, rate: number, mask: Float32Array, count: number): void {
  if (rate <= 0) {
    mask.fill(1, 0, count);
    return;
  }
  const keep = 1 / (1 - rate);
  for (let k = 0; k < count; k++) mask[k] = rng.float() < rate ? 0 : keep;
}
