import { Rng } from '@recsearch/core';
import type { Expr } from '../expression/expr';
import { compileLoss } from '../evaluate/compile';

export interface ValidationCheckOptions {
  /** Synthetic (ŷ, y) pairs (default 2,000). */
  pairs?: number;
  seed?: number;
  /** Share of pairs that must have the right gradient sign (default 0.9). */
  rate?: number;
  parameters?: Readonly<Record<string, number>>;
}

export interface ValidationCheckResult {
  pairs: number;
  passed: number;
  passRate: number;
  requiredRate: number;
  pass: boolean;
}

/**
 * AutoLossGen's Phase II (algorithms.md §1.4): on pairs ŷ ~ U(0, 1), y ∈ {0, 1}, a pair passes
 * when ∂f/∂ŷ ≥ 0 for y = 0 and ∂f/∂ŷ ≤ 0 for y = 1; the loss passes when the share is ≥ rate.
 */
export function validationCheck(expr: Expr, options: ValidationCheckOptions = {}): ValidationCheckResult {
  const pairs = options.pairs ?? 2000;
  const requiredRate = options.rate ?? 0.9;
  const rng = Rng.fromSeed(options.seed ?? 0);
  const yhat = new Float64Array(pairs);
  const y = new Float64Array(pairs);
  for (let i = 0; i < pairs; i++) {
    yhat[i] = rng.float();
    y[i] = rng.int(0, 1);
  }
  const dYhat = new Float64Array(pairs);
  compileLoss(expr, { differentiate: [] }).evaluate({ yhat, y }, { dYhat }, options.parameters);
  let passed = 0;
  for (let i = 0; i < pairs; i++) if (y[i] === 0 ? dYhat[i] >= 0 : dYhat[i] <= 0) passed++;
  const passRate = pairs === 0 ? 0 : passed / pairs;
  return { pairs, passed, passRate, requiredRate, pass: passRate >= requiredRate };
}
