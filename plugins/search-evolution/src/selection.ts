import type { Rng } from '@recsearch/core';

/** Index of the fittest of `size` individuals drawn with replacement (ties: the first drawn). */
export function tournament(rng: Rng, fitness: readonly number[], size: number): number {
  let best = rng.int(0, fitness.length - 1);
  for (let k = 1; k < size; k++) {
    const rival = rng.int(0, fitness.length - 1);
    if (fitness[rival] > fitness[best]) best = rival;
  }
  return best;
}

/** Indices of the `count` fittest, best first (a stable order among equals). */
export function elites(fitness: readonly number[], count: number): number[] {
  return fitness
    .map((value, index) => ({ value, index }))
    .sort((a, b) => b.value - a.value || a.index - b.index)
    .slice(0, count)
    .map((entry) => entry.index);
}
