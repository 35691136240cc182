import type { Operator } from '@recsearch/core';
import type { Tensor } from '@tensorflow/tfjs';
import type { Expr } from '../expression/expr';

/** How an operator is written between or around its operands; precedence 1 (+ −) … 4 (^2). */
export interface InfixForm {
  readonly symbol: '+' | '-' | '*' | '/' | 'neg' | '^2';
  readonly precedence: number;
}

/** Identities the canonical key may use; each must hold for all finite operands. */
export interface Algebra {
  readonly commutative?: boolean;
  readonly associative?: boolean;
  /** f(x, x) = x. */
  readonly idempotent?: boolean;
  /** even: f(−x) = f(x); odd: f(−x) = −f(x) (unary operators). */
  readonly parity?: 'even' | 'odd';
  /** The output is already clamped by this clamp family, so a projection onto it leaves it unchanged. */
  readonly clampedBy?: string;
  /** The operator is the clamp of this family (applying it to a clamped value is the identity). */
  readonly projectionOf?: string;
}

/**
 * An operator as the expression language uses it: the core contract plus what compilation,
 * symbolic differentiation, canonical keys and tfjs lowering need. Only the core fields are
 * required of plugin operators; the rest are filled in (or fall back to calling `value`).
 */
export interface OperatorRecord extends Operator {
  /** Where it comes from: `arithmetic`, `evomal`, `autolossgen`, `internal`, `plugin`, `config`. */
  readonly family: string;
  /** Internal helpers (indicators used by derivatives) are not listed nor offered to searches. */
  readonly internal?: boolean;
  readonly infix?: InfixForm;
  readonly algebra?: Algebra;
  /** JavaScript source of the value, given the operands' sources; may call the kernels in `kernels.ts`. */
  readonly js?: (args: readonly string[]) => string;
  /** ∂value/∂args[i] as an expression of the operands (symbolic): gives compiled and higher derivatives. */
  readonly partial?: (args: readonly Expr[], argument: number) => Expr;
  /** For composites: the formula with `args` substituted, which compilation and lowering inline. */
  readonly expand?: (args: readonly Expr[]) => Expr;
  tfjs?(...args: Tensor[]): Tensor;
}

/** `name(a, b)` and `\operatorname{name}\left(a, b\right)`. */
export function functionForms(name: string, latexName = `\\operatorname{${name}}`) {
  return {
    print: (args: readonly string[]) => `${name}(${args.join(', ')})`,
    latex: (args: readonly string[]) => `${latexName}\\left(${args.join(', ')}\\right)`,
  };
}
