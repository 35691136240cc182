import type { Expr } from '../expression/expr';
import { apply, num, parameter, Y, YHAT } from '../expression/pool';
import { add, div, mul, neg, square } from './arithmetic';
import { compositeOperator } from './composite';
import { abs, log, max, min, sign } from './evomal';
import { clampMagnitude, clampRange } from './internal';
import { cmag, crange, inmag, inrange, sgn, XI } from './kernels';
import { functionForms, type OperatorRecord } from './operator-record';

/**
 * How AutoLossGen's operators clamp their outputs. `paper`: magnitude into [ξ, 1/ξ] with the
 * sign kept. `reference-code`: the authors' code, every output into [1e-5, 1e5], which makes
 * Neg dead (always 1e-5) and puts 1 − ŷ and −log ŷ out of reach.
 */
export type ClampMode = 'paper' | 'reference-code';

interface Inner {
  name: string;
  formula: string;
  arity: 1 | 2;
  commutative?: boolean;
  body: (args: readonly Expr[]) => Expr;
  value: (...args: number[]) => number;
  derivative: (args: readonly number[], i: number) => number;
  js: (args: readonly string[]) => string;
}

const xi = () => num(XI);

const inners: Inner[] = [
  { name: 'Add', formula: 'a + b', arity: 2, commutative: true, body: (a) => apply(add, a),
    value: (a, b) => a + b, derivative: () => 1, js: ([a, b]) => `${a} + ${b}` },
  { name: 'Multi', formula: 'a * b', arity: 2, commutative: true, body: (a) => apply(mul, a),
    value: (a, b) => a * b, derivative: (args, i) => args[1 - i], js: ([a, b]) => `${a} * ${b}` },
  { name: 'Max', formula: 'max(a, b)', arity: 2, commutative: true, body: (a) => apply(max, a),
    value: max.value, derivative: max.derivative, js: ([a, b]) => `Math.max(${a}, ${b})` },
  { name: 'Min', formula: 'min(a, b)', arity: 2, commutative: true, body: (a) => apply(min, a),
    value: min.value, derivative: min.derivative, js: ([a, b]) => `Math.min(${a}, ${b})` },
  { name: 'Neg', formula: '-a', arity: 1, body: (a) => apply(neg, a),
    value: (a) => -a, derivative: () => -1, js: ([a]) => `-${a}` },
  { name: 'Identical', formula: 'a', arity: 1, body: (a) => a[0],
    value: (a) => a, derivative: () => 1, js: ([a]) => a },
  { name: 'Log', formula: 'sign(a) * log(|a| + 1e-6)', arity: 1,
    body: (a) => apply(mul, [apply(sign, a), apply(log, [apply(add, [apply(abs, a), xi()])])]),
    value: (a) => sgn(a) * Math.log(Math.abs(a) + XI), derivative: ([a]) => (sgn(a) * sgn(a)) / (Math.abs(a) + XI),
    js: ([a]) => `sgn(${a}) * Math.log(Math.abs(${a}) + ${XI})` },
  { name: 'Square', formula: 'a^2', arity: 1, body: (a) => apply(square, a),
    value: (a) => a * a, derivative: ([a]) => 2 * a, js: ([a]) => `${a} * ${a}` },
  { name: 'Reciprocal', formula: 'sign(a) / (|a| + 1e-6)', arity: 1,
    body: (a) => apply(mul, [apply(sign, a), apply(div, [num(1), apply(add, [apply(abs, a), xi()])])]),
    value: (a) => sgn(a) / (Math.abs(a) + XI), derivative: ([a]) => -(sgn(a) * sgn(a)) / (Math.abs(a) + XI) ** 2,
    js: ([a]) => `sgn(${a}) / (Math.abs(${a}) + ${XI})` },
];

const clamps = {
  paper: { op: clampMagnitude, value: cmag, inside: inmag, kernel: 'cmag', text: 'magnitude clamped to [1e-6, 1e6], sign kept' },
  'reference-code': { op: clampRange, value: crange, inside: inrange, kernel: 'crange', text: 'clamped to [1e-5, 1e5]' },
} as const;

/** AutoLossGen's nine operators with the chosen clamping; ξ = 1e-6 inside Log and Reciprocal. */
export function autolossgenOperators(clamp: ClampMode = 'paper'): OperatorRecord[] {
  const mode = clamps[clamp];
  const group = mode.op.algebra?.clampedBy;
  return inners.map((inner) => {
    const params = inner.arity === 2 ? ['a', 'b'] : ['a'];
    const body = apply(mode.op, [inner.body(params.map((name) => parameter(name)))]);
    return compositeOperator(
      { name: inner.name, params, body, formula: `${inner.formula}; ${mode.text}`, family: 'autolossgen' },
      {
        algebra: {
          commutative: inner.commutative,
          clampedBy: group,
          projectionOf: inner.name === 'Identical' ? group : undefined,
        },
        value: (...args: number[]) => mode.value(inner.value(...args)),
        derivative: (args, i) => {
          const inside = mode.inside(inner.value(...args));
          return inside === 0 ? 0 : inner.derivative(args, i);
        },
        js: (args) => `${mode.kernel}(${inner.js(args)})`,
        ...functionForms(inner.name),
      },
    );
  });
}

/** The nine AutoLossGen operators, by name. */
export const AUTOLOSSGEN_OPERATORS = inners.map((inner) => inner.name);

/** AutoLossGen's initial variable set S = {ŷ, y, 1}. */
export function autolossgenVariables(): Expr[] {
  return [YHAT, Y, num(1)];
}
