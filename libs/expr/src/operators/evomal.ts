import * as tf from '@tensorflow/tfjs';
import { build, minus, negate, over, plus, squared, times } from '../expression/build';
import type { Expr } from '../expression/expr';
import { apply, num, ONE, Y, YHAT, ZERO } from '../expression/pool';
import { add, mul, square, sub } from './arithmetic';
import { greaterStep, logSlope, tieStep } from './internal';
import { dplog, gt, plog, psqrt, PROTECT, sgn, sigmoid as sigmoidKernel, tie } from './kernels';
import { functionForms, type OperatorRecord } from './operator-record';
import { gtTensor, tieTensor, withPartials } from './tfjs-subgradient';

// EvoMAL's primitives (with add, sub, mul, square from arithmetic) plus exp and sigmoid.
// Subgradients: max/min split ½–½ at a tie; sign has derivative 0 everywhere; abs has
// sign(x) (0 at 0); protected log and sqrt have derivative 0 where the protection holds.

export const aq: OperatorRecord = {
  name: 'aq',
  arity: 2,
  family: 'evomal',
  formula: 'a / sqrt(1 + b^2) (analytic quotient)',
  value: (a: number, b: number) => a / Math.sqrt(1 + b * b),
  derivative: ([a, b], i) => (i === 0 ? 1 / Math.sqrt(1 + b * b) : (-a * b) / Math.pow(1 + b * b, 1.5)),
  partial: ([a, b], i) =>
    i === 0 ? build(aq, [ONE, b]) : negate(over(times(build(aq, [a, b]), b), plus(ONE, squared(b)))),
  js: ([a, b]) => `(${a} / Math.sqrt(1 + ${b} * ${b}))`,
  tfjs: (a, b) => tf.div(a, tf.sqrt(tf.add(1, tf.square(b)))),
  ...functionForms('aq', '\\operatorname{AQ}'),
};

export const max: OperatorRecord = {
  name: 'max',
  arity: 2,
  family: 'evomal',
  formula: 'max(a, b); subgradient 1/2 each at a tie',
  algebra: { commutative: true, associative: true, idempotent: true },
  value: (a: number, b: number) => Math.max(a, b),
  derivative: ([a, b], i) => (i === 0 ? tie(a, b) : tie(b, a)),
  // tie(b, a) = 1 − tie(a, b) exactly, so both partials share one comparison in compiled code.
  partial: ([a, b], i) => (i === 0 ? apply(tieStep, [a, b]) : minus(ONE, apply(tieStep, [a, b]))),
  js: ([a, b]) => `Math.max(${a}, ${b})`,
  tfjs: withPartials((a, b) => tf.maximum(a, b), (a, b) => [tieTensor(a, b), tieTensor(b, a)]),
  ...functionForms('max', '\\max'),
};

export const min: OperatorRecord = {
  name: 'min',
  arity: 2,
  family: 'evomal',
  formula: 'min(a, b); subgradient 1/2 each at a tie',
  algebra: { commutative: true, associative: true, idempotent: true },
  value: (a: number, b: number) => Math.min(a, b),
  derivative: ([a, b], i) => (i === 0 ? tie(b, a) : tie(a, b)),
  partial: ([a, b], i) => (i === 0 ? minus(ONE, apply(tieStep, [a, b])) : apply(tieStep, [a, b])),
  js: ([a, b]) => `Math.min(${a}, ${b})`,
  tfjs: withPartials((a, b) => tf.minimum(a, b), (a, b) => [tieTensor(b, a), tieTensor(a, b)]),
  ...functionForms('min', '\\min'),
};

export const sign: OperatorRecord = {
  name: 'sign',
  arity: 1,
  family: 'evomal',
  formula: 'sign(a) in {-1, 0, 1}; derivative 0',
  algebra: { parity: 'odd' },
  value: sgn,
  derivative: () => 0,
  partial: () => ZERO,
  js: ([a]) => `sgn(${a})`,
  tfjs: (a) => tf.sign(a),
  ...functionForms('sign'),
};

export const abs: OperatorRecord = {
  name: 'abs',
  arity: 1,
  family: 'evomal',
  formula: '|a|; derivative sign(a), 0 at 0',
  algebra: { parity: 'even' },
  value: (a: number) => Math.abs(a),
  derivative: ([a]) => sgn(a),
  partial: (args) => apply(sign, args),
  js: ([a]) => `Math.abs(${a})`,
  tfjs: withPartials((a) => tf.abs(a), (a) => [tf.sign(a)]),
  print: ([a]) => `abs(${a})`,
  latex: ([a]) => `\\left\\lvert ${a} \\right\\rvert`,
};

const protectedTensor = (a: tf.Tensor) => tf.maximum(tf.abs(a), PROTECT);
const protectedPartial = (a: tf.Tensor) => gtTensor(tf.abs(a), tf.fill(a.shape, PROTECT));

export const log: OperatorRecord = {
  name: 'log',
  arity: 1,
  family: 'evomal',
  formula: `log(max(|a|, ${PROTECT})) (protected)`,
  value: plog,
  derivative: ([a]) => dplog(a),
  partial: (args) => apply(logSlope, args),
  js: ([a]) => `plog(${a})`,
  tfjs: withPartials((a) => tf.log(protectedTensor(a)), (a) => [tf.div(tf.mul(protectedPartial(a), tf.sign(a)), protectedTensor(a))]),
  ...functionForms('log', '\\log'),
};

export const sqrt: OperatorRecord = {
  name: 'sqrt',
  arity: 1,
  family: 'evomal',
  formula: `sqrt(max(|a|, ${PROTECT})) (protected)`,
  value: psqrt,
  derivative: ([a]) => (gt(Math.abs(a), PROTECT) * sgn(a)) / (2 * psqrt(a)),
  partial: (args) =>
    times(apply(greaterStep, [apply(abs, args), num(PROTECT)]), over(apply(sign, args), times(num(2), apply(sqrt, args)))),
  js: ([a]) => `psqrt(${a})`,
  tfjs: withPartials(
    (a) => tf.sqrt(protectedTensor(a)),
    (a) => [tf.div(tf.mul(protectedPartial(a), tf.sign(a)), tf.mul(2, tf.sqrt(protectedTensor(a))))],
  ),
  print: ([a]) => `sqrt(${a})`,
  latex: ([a]) => `\\sqrt{${a}}`,
};

export const tanh: OperatorRecord = {
  name: 'tanh',
  arity: 1,
  family: 'evomal',
  formula: 'tanh(a)',
  algebra: { parity: 'odd' },
  value: (a: number) => Math.tanh(a),
  derivative: ([a]) => 1 - Math.tanh(a) ** 2,
  partial: (args) => minus(ONE, squared(apply(tanh, args))),
  js: ([a]) => `Math.tanh(${a})`,
  tfjs: (a) => tf.tanh(a),
  ...functionForms('tanh', '\\tanh'),
};

export const exp: OperatorRecord = {
  name: 'exp',
  arity: 1,
  family: 'evomal',
  formula: 'e^a',
  value: (a: number) => Math.exp(a),
  derivative: ([a]) => Math.exp(a),
  partial: (args) => apply(exp, args),
  js: ([a]) => `Math.exp(${a})`,
  tfjs: (a) => tf.exp(a),
  print: ([a]) => `exp(${a})`,
  latex: ([a]) => `e^{${a}}`,
};

export const sigmoid: OperatorRecord = {
  name: 'sigmoid',
  arity: 1,
  family: 'evomal',
  formula: '1 / (1 + e^-a)',
  value: sigmoidKernel,
  derivative: ([a]) => sigmoidKernel(a) * (1 - sigmoidKernel(a)),
  partial: (args) => times(apply(sigmoid, args), minus(ONE, apply(sigmoid, args))),
  js: ([a]) => `sigmoid(${a})`,
  tfjs: (a) => tf.sigmoid(a),
  ...functionForms('sigmoid', '\\sigma'),
};

export const evomalExtraOperators: readonly OperatorRecord[] = [aq, min, max, sign, abs, log, sqrt, tanh, exp, sigmoid];

/** EvoMAL's twelve primitives, by name. */
export const EVOMAL_PRIMITIVES = [add, sub, mul, aq, min, max, sign, square, abs, log, sqrt, tanh].map((op) => op.name);

/** EvoMAL's terminals: y, ŷ, +1, −1. */
export function evomalTerminals(): Expr[] {
  return [Y, YHAT, num(1), num(-1)];
}
