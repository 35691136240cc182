import type { Rng } from '@recsearch/core';
import type { Expr } from '@recsearch/expr';
import { generateTree, repair, type PrimitiveSet } from './generate';
import { height, positions, replaceAt, subtreeAt } from './tree';

export type VariationKind = 'crossover' | 'mutation' | 'reproduction';

export interface VariationSettings {
  crossoverRate: number;
  mutationRate: number;
  maxHeight: number;
  mutationHeight: { min: number; max: number };
}

/** Exclusive variation (DEAP's varOr): each offspring comes from exactly one operator. */
export function chooseVariation(rng: Rng, settings: Pick<VariationSettings, 'crossoverRate' | 'mutationRate'>): VariationKind {
  const draw = rng.float();
  if (draw < settings.crossoverRate) return 'crossover';
  if (draw < settings.crossoverRate + settings.mutationRate) return 'mutation';
  return 'reproduction';
}

/** One-point subtree crossover: a non-root subtree of `first` replaced by any subtree of `second`. */
export function subtreeCrossover(rng: Rng, first: Expr, second: Expr): Expr {
  const targets = positions(first).slice(1);
  if (targets.length === 0) return first;
  return replaceAt(first, rng.pick(targets), subtreeAt(second, rng.pick(positions(second))));
}

/** Uniform subtree mutation: a random position replaced by a new full tree of height in [min, max]. */
export function subtreeMutation(rng: Rng, parent: Expr, set: PrimitiveSet, mutationHeight: { min: number; max: number }): Expr {
  const target = rng.pick(positions(parent));
  return replaceAt(parent, target, generateTree(rng, set, 'full', rng.int(mutationHeight.min, mutationHeight.max)));
}

/**
 * One offspring: vary, repair so y and ŷ both appear, and fall back to the (first) parent when
 * the result is taller than the maximum height.
 */
export function offspring(
  rng: Rng,
  kind: VariationKind,
  parents: () => Expr,
  set: PrimitiveSet,
  repairOperators: PrimitiveSet['operators'],
  settings: VariationSettings,
): Expr {
  const parent = parents();
  if (kind === 'reproduction') return parent;
  const child = kind === 'crossover' ? subtreeCrossover(rng, parent, parents()) : subtreeMutation(rng, parent, set, settings.mutationHeight);
  const repaired = repair(rng, child, repairOperators);
  return height(repaired) > settings.maxHeight ? parent : repaired;
}
