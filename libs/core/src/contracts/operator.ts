/**
 * A basic operator of the loss-expression language. `derivative(args, i)` is ∂value/∂args[i];
 * `print` and `latex` receive already printed operands.
 */
export interface Operator {
  readonly name: string;
  readonly arity: number;
  value(...args: number[]): number;
  derivative(args: readonly number[], argument: number): number;
  print(args: readonly string[]): string;
  latex(args: readonly string[]): string;
  /** tfjs lowering, typed loosely here so that core does not depend on tfjs. */
  tfjs?(...args: unknown[]): unknown;
}
export const Operator = Symbol.for('recsearch.Operator');
