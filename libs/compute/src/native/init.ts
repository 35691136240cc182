import type { Rng } from '@recsearch/core';

export function fillNormal(rng: Rng, values: Float32Array, deviation: number): void {
  for (let k = 0; k < values.length; k++) values[k] = rng.normal(0, deviation);
}

export function fillUniform(rng: Rng, values: Float32Array, limit: number): void {
  for (let k = 0; k < values.length; k++) values[k] = rng.uniform(-limit, limit);
}
