import type { Rng } from '@recsearch/core';
import type { OperatorRecord } from '../operators/operator-record';
import type { Expr } from './expr';
import { apply, num, parameter, Y, YHAT } from './pool';

export interface RandomExpressionOptions {
  operators: readonly OperatorRecord[];
  /** Maximum operator depth (default 4). */
  maxDepth?: number;
  /** Chance that a node above the maximum depth is a leaf anyway (default 0.3). */
  leafProbability?: number;
  /** Leaves to draw from (default ŷ, y, 1, −1, eps). */
  leaves?: readonly Expr[];
  /** Chance that a leaf is a random constant in (−10, 10) instead (default 0). */
  randomConstantProbability?: number;
}

/** A random expression tree (grown top-down), for property tests, benchmarks and random search. */
export function randomExpression(rng: Rng, options: RandomExpressionOptions): Expr {
  const leaves = options.leaves ?? [YHAT, Y, num(1), num(-1), parameter('eps')];
  const maxDepth = options.maxDepth ?? 4;
  const leafProbability = options.leafProbability ?? 0.3;
  const constants = options.randomConstantProbability ?? 0;
  const grow = (depth: number): Expr => {
    if (depth >= maxDepth || (depth > 0 && rng.float() < leafProbability)) {
      return constants > 0 && rng.float() < constants ? num(rng.uniform(-10, 10)) : rng.pick(leaves);
    }
    const op = rng.pick(options.operators);
    return apply(op, Array.from({ length: op.arity }, () => grow(depth + 1)));
  };
  return grow(0);
}
