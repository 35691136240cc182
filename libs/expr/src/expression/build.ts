// Smart constructors for derived expressions (derivatives, canonical forms): they fold
// constants and drop structural zeros and ones. The parser never uses them, so parsed
// expressions keep exactly the structure that was written.
import type { OperatorRecord } from '../operators/operator-record';
import { add, div, mul, neg, square, sub } from '../operators/arithmetic';
import type { Expr } from './expr';
import { apply, num, ONE, ZERO } from './pool';

const isNumber = (e: Expr, value: number): boolean => e.kind === 'number' && e.value === value;

/** `op(args)`, folded to a constant when every operand is one and the result is finite. */
export function build(op: OperatorRecord, args: readonly Expr[]): Expr {
  if (args.every((arg) => arg.kind === 'number')) {
    const value = op.value(...args.map((arg) => (arg.kind === 'number' ? arg.value : 0)));
    if (Number.isFinite(value)) return num(value);
  }
  return apply(op, args);
}

export function plus(a: Expr, b: Expr): Expr {
  if (isNumber(a, 0)) return b;
  if (isNumber(b, 0)) return a;
  return build(add, [a, b]);
}

export function minus(a: Expr, b: Expr): Expr {
  if (isNumber(b, 0)) return a;
  if (isNumber(a, 0)) return negate(b);
  if (a === b) return ZERO;
  return build(sub, [a, b]);
}

export function times(a: Expr, b: Expr): Expr {
  // A structural zero: the other factor does not matter to a derivative that is absent.
  if (isNumber(a, 0) || isNumber(b, 0)) return ZERO;
  if (isNumber(a, 1)) return b;
  if (isNumber(b, 1)) return a;
  if (isNumber(a, -1)) return negate(b);
  if (isNumber(b, -1)) return negate(a);
  return build(mul, [a, b]);
}

export function over(a: Expr, b: Expr): Expr {
  if (isNumber(a, 0)) return ZERO;
  if (isNumber(b, 1)) return a;
  return build(div, [a, b]);
}

export function negate(a: Expr): Expr {
  if (a.kind === 'apply' && a.op === neg) return a.args[0];
  return build(neg, [a]);
}

export function squared(a: Expr): Expr {
  return build(square, [a]);
}

export { ONE, ZERO };
