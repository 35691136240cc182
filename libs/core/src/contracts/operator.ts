/**
 * A basic operator of the loss-expression language. `derivative(args, i)` is ∂value/∂args[i]
 * (a documented subgradient at kinks); `print` and `latex` receive already printed operands.
 * A plugin contributes operators by binding records of this shape under the `Operator` token.
 */
export interface Operator {
  readonly name: string;
  readonly arity: number;
  value(...args: number[]): number;
  derivative(args: readonly number[], argument: number): number;
  print(args: readonly string[]): string;
  latex(args: readonly string[]): string;
  /** The defining formula or a one-line description, shown by `recsearch operators`. */
  readonly formula?: string;
  /** tfjs lowering (tensors in, tensor out), typed loosely here so that core does not depend on tfjs. */
  tfjs?(...args: unknown[]): unknown;
}
export const Operator = Symbol.for('recsearch.Operator');
