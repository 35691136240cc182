import type { Rng } from '@recsearch/core';
import { pickDistinct, referenceCodeChoice, type SflsdeSettings } from '@recsearch/evolution';

/**
 * The DE-Opt authors' trial (algorithms.md §3, "reference code"): for each layer group g,
 * fresh r1, r2, r3 (distinct, ≠ i), ω ~ U(0, 1) and F from their mixture, and
 * U_g = X_g + ω(X_r1,g − X_g) + ω·F(X_r2,g − X_r3,g) on both η_g and λ_g.
 * Points are [η¹…η^N, λ¹…λ^N]; F is the last group's draw. Bounds are not handled here.
 */
export function referenceCodeTrial(rng: Rng, population: readonly (readonly number[])[], i: number, groups: number, current: { F: number; CR: number }, sflsde: SflsdeSettings): { point: number[]; F: number } {
  const target = population[i];
  const point = [...target];
  let F = current.F;
  for (let g = 0; g < groups; g++) {
    const [a, b, c] = pickDistinct(rng, population.length, i);
    const omega = rng.float();
    F = referenceCodeChoice(rng, current, sflsde).F;
    for (const j of [g, groups + g]) point[j] = target[j] + omega * (population[a][j] - target[j]) + omega * F * (population[b][j] - population[c][j]);
  }
  return { point, F };
}
