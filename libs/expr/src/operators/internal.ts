import * as tf from '@tensorflow/tfjs';
import { negate, squared } from '../expression/build';
import { apply, ZERO } from '../expression/pool';
import { cmag, crange, dplog, gt, inmag, inrange, PROTECT, REFERENCE_HIGH, REFERENCE_LOW, tie, XI } from './kernels';
import { functionForms, type OperatorRecord } from './operator-record';
import { gtTensor, tieTensor, withPartials } from './tfjs-subgradient';

// Helpers that symbolic derivatives need at kinks: step-like indicators (derivative 0) and
// the two AutoLossGen clamps. They can be parsed and printed but are not listed.

const indicator = (name: string, arity: number, formula: string, kernel: string, value: (...x: number[]) => number,
  tfjs: (...x: tf.Tensor[]) => tf.Tensor): OperatorRecord => ({
  name,
  arity,
  family: 'internal',
  internal: true,
  formula,
  value,
  derivative: () => 0,
  partial: () => ZERO,
  js: (args) => `${kernel}(${args.join(', ')})`,
  tfjs,
  ...functionForms(name),
});

export const tieStep = indicator('_tie', 2, '1 if a > b, 1/2 if a = b, 0 if a < b', 'tie', tie, tieTensor);
export const greaterStep = indicator('_gt', 2, '1 if a > b else 0', 'gt', gt, gtTensor);

const band = (x: tf.Tensor, low: number, high: number) =>
  tf.cast(tf.logicalAnd(tf.greater(x, low), tf.less(x, high)), 'float32');

export const insideMagnitude = indicator('_inmag', 1, `1 if ${XI} < |a| < ${1 / XI} else 0`, 'inmag', inmag,
  (x) => band(tf.abs(x), XI, 1 / XI));
export const insideRange = indicator('_inrange', 1, `1 if ${REFERENCE_LOW} < a < ${REFERENCE_HIGH} else 0`, 'inrange',
  inrange, (x) => band(x, REFERENCE_LOW, REFERENCE_HIGH));

export const clampMagnitude: OperatorRecord = {
  name: '_cmag',
  arity: 1,
  family: 'internal',
  internal: true,
  formula: `sign(a) * min(max(|a|, ${XI}), ${1 / XI}), sign(0) = +1`,
  algebra: { projectionOf: 'autolossgen-paper', clampedBy: 'autolossgen-paper' },
  value: cmag,
  derivative: ([a]) => inmag(a),
  partial: (args) => apply(insideMagnitude, args),
  js: ([a]) => `cmag(${a})`,
  tfjs: withPartials(
    (x) => tf.mul(tf.where(tf.less(x, 0), tf.neg(tf.onesLike(x)), tf.onesLike(x)), tf.clipByValue(tf.abs(x), XI, 1 / XI)),
    (x) => [band(tf.abs(x), XI, 1 / XI)],
  ),
  ...functionForms('_cmag'),
};

export const clampRange: OperatorRecord = {
  name: '_crange',
  arity: 1,
  family: 'internal',
  internal: true,
  formula: `min(max(a, ${REFERENCE_LOW}), ${REFERENCE_HIGH})`,
  algebra: { projectionOf: 'autolossgen-reference-code', clampedBy: 'autolossgen-reference-code' },
  value: crange,
  derivative: ([a]) => inrange(a),
  partial: (args) => apply(insideRange, args),
  js: ([a]) => `crange(${a})`,
  tfjs: withPartials(
    (x) => tf.clipByValue(x, REFERENCE_LOW, REFERENCE_HIGH),
    (x) => [band(x, REFERENCE_LOW, REFERENCE_HIGH)],
  ),
  ...functionForms('_crange'),
};

/** ∂log(a) for the protected log, one kernel call in compiled code (1/a, or 0 where protected). */
export const logSlope: OperatorRecord = {
  name: '_dlog',
  arity: 1,
  family: 'internal',
  internal: true,
  formula: `1/a if |a| > ${PROTECT} else 0`,
  value: dplog,
  derivative: ([a]) => -(dplog(a) ** 2),
  partial: (args) => negate(squared(apply(logSlope, args))),
  js: ([a]) => `dplog(${a})`,
  tfjs: (a) => tf.where(tf.greater(tf.abs(a), PROTECT), tf.div(1, a), tf.zerosLike(a)),
  ...functionForms('_dlog'),
};

export const internalOperators: readonly OperatorRecord[] = [
  logSlope,
  tieStep, greaterStep, insideMagnitude, insideRange, clampMagnitude, clampRange,
];
