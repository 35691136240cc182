import type { Rng } from '@recsearch/core';

export type Mutation = 'rand/1/bin' | 'current-to-rand/1';

/**
 * Everything random about one individual's trial except F, so the trial is a function of F
 * alone (the local searches on F evaluate the same recipe at several F).
 */
export interface TrialRecipe {
  mutation: Mutation;
  target: number[];
  r1: number[];
  r2: number[];
  r3: number[];
  /** current-to-rand/1: ω ~ U(0, 1). */
  omega: number;
  /** rand/1/bin: which coordinates come from the mutant (at least one). */
  fromMutant: boolean[];
}

/** Three distinct indices of [0, size), none equal to `exclude`. */
export function pickDistinct(rng: Rng, size: number, exclude: number): [number, number, number] {
  const others = Array.from({ length: size - 1 }, (_, k) => (k < exclude ? k : k + 1));
  for (let k = 0; k < 3; k++) {
    const j = rng.int(k, others.length - 1);
    [others[k], others[j]] = [others[j], others[k]];
  }
  return [others[0], others[1], others[2]];
}

export function drawRecipe(rng: Rng, population: readonly (readonly number[])[], i: number, mutation: Mutation, CR: number): TrialRecipe {
  const [a, b, c] = pickDistinct(rng, population.length, i);
  const dimensions = population[i].length;
  let omega = 0;
  let fromMutant: boolean[] = [];
  if (mutation === 'current-to-rand/1') {
    omega = rng.float();
  } else {
    const forced = rng.int(0, dimensions - 1);
    fromMutant = Array.from({ length: dimensions }, (_, j) => rng.float() < CR || j === forced);
  }
  return { mutation, target: [...population[i]], r1: [...population[a]], r2: [...population[b]], r3: [...population[c]], omega, fromMutant };
}

/**
 * rand/1/bin: U_j = X_r1 + F(X_r2 − X_r3) where the crossover mask says, else X_j.
 * current-to-rand/1 (DE-Opt, eq. 9): U = X + ω(X_r1 − X) + F(X_r2 − X_r3).
 * Bounds are not handled here.
 */
export function trialPoint(recipe: TrialRecipe, F: number): number[] {
  const { target, r1, r2, r3, omega } = recipe;
  if (recipe.mutation === 'current-to-rand/1') return target.map((x, j) => x + omega * (r1[j] - x) + F * (r2[j] - r3[j]));
  return target.map((x, j) => (recipe.fromMutant[j] ? r1[j] + F * (r2[j] - r3[j]) : x));
}
