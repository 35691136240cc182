import { gradient } from '../algebra/differentiate';
import { substitute } from '../algebra/substitute';
import type { Expr } from '../expression/expr';
import { parameter } from '../expression/pool';
import { evaluate } from '../evaluate/interpret';
import { lowerToTfjs } from '../evaluate/tfjs-lowering';
import { functionForms, type OperatorRecord } from './operator-record';

export interface CompositeSpec {
  name: string;
  /** Formal parameter names, in operand order; the body refers to them as parameters. */
  params: readonly string[];
  body: Expr;
  /** The formula as written, for listings. */
  formula: string;
  family: string;
}

/**
 * An operator defined by a formula over existing operators. Its derivative is the symbolic
 * gradient of the formula; compilation and tfjs lowering inline the formula.
 */
export function compositeOperator(spec: CompositeSpec, overrides: Partial<OperatorRecord> = {}): OperatorRecord {
  const formals = spec.params.map((name) => parameter(name));
  let partialBodies: Expr[] | undefined;
  const partials = () => (partialBodies ??= gradient(spec.body, formals));
  const bind = (args: readonly Expr[]) => new Map(spec.params.map((name, i) => [name, args[i]]));
  const at = (args: readonly number[]) => ({
    yhat: 0,
    y: 0,
    parameters: Object.fromEntries(spec.params.map((name, i) => [name, args[i]])),
  });
  return {
    name: spec.name,
    arity: spec.params.length,
    family: spec.family,
    formula: spec.formula,
    value: (...args: number[]) => evaluate(spec.body, at(args)),
    derivative: (args, i) => evaluate(partials()[i], at(args)),
    partial: (args, i) => substitute(partials()[i], bind(args)),
    expand: (args) => substitute(spec.body, bind(args)),
    tfjs: (...args) =>
      lowerToTfjs(spec.body, { yhat: args[0], y: args[0], parameters: Object.fromEntries(spec.params.map((name, i) => [name, args[i]])) }),
    ...functionForms(spec.name),
    ...overrides,
  };
}
