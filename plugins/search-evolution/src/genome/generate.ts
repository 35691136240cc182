import type { Rng } from '@recsearch/core';
import { apply, evomalTerminals, Y, YHAT, type Expr, type OperatorRecord } from '@recsearch/expr';
import { hasBothVariables, leafPositions, replaceAt } from './tree';

export interface PrimitiveSet {
  operators: readonly OperatorRecord[];
  terminals: readonly Expr[];
}

export function evomalPrimitiveSet(operators: readonly OperatorRecord[]): PrimitiveSet {
  return { operators, terminals: evomalTerminals() };
}

/**
 * A random tree as DEAP's genFull / genGrow build them: `full` puts every leaf at depth
 * `height`; `grow` may stop early (below depth `minHeight`) with the terminals' share of the
 * primitive set as the chance of a leaf.
 */
export function generateTree(rng: Rng, set: PrimitiveSet, method: 'full' | 'grow', heightLimit: number, minHeight = 0): Expr {
  const terminalRatio = set.terminals.length / (set.terminals.length + set.operators.length);
  const build = (depth: number): Expr => {
    const leaf = depth >= heightLimit || (method === 'grow' && depth >= minHeight && rng.float() < terminalRatio);
    if (leaf) return rng.pick(set.terminals);
    const op = rng.pick(set.operators);
    return apply(op, Array.from({ length: op.arity }, () => build(depth + 1)));
  };
  return build(0);
}

/** Ramped half-and-half: a height uniform in [min, max], then full or grow with equal chance. */
export function rampedHalfAndHalf(rng: Rng, set: PrimitiveSet, min: number, max: number): Expr {
  const height = rng.int(min, max);
  return generateTree(rng, set, rng.float() < 0.5 ? 'full' : 'grow', height, min);
}

/** EvoMAL's repair: a tree lacking y or ŷ gets a random leaf replaced by (y ∘ ŷ). */
export function repair(rng: Rng, expr: Expr, repairOperators: readonly OperatorRecord[]): Expr {
  if (hasBothVariables(expr)) return expr;
  const leaf = rng.pick(leafPositions(expr));
  return replaceAt(expr, leaf, apply(rng.pick(repairOperators), [Y, YHAT]));
}
