import * as tf from '@tensorflow/tfjs';
import { negate, over, squared, times } from '../expression/build';
import { num, ONE } from '../expression/pool';
import type { OperatorRecord } from './operator-record';

// Plain arithmetic: the infix part of the language (+ − * / unary − ^2). EvoMAL's add, sub,
// mul and square are these records.

export const add: OperatorRecord = {
  name: 'add',
  arity: 2,
  family: 'arithmetic',
  formula: 'a + b',
  infix: { symbol: '+', precedence: 1 },
  algebra: { commutative: true, associative: true },
  value: (a: number, b: number) => a + b,
  derivative: () => 1,
  partial: () => ONE,
  js: ([a, b]) => `(${a} + ${b})`,
  tfjs: (a, b) => tf.add(a, b),
  print: ([a, b]) => `${a} + ${b}`,
  latex: ([a, b]) => `${a} + ${b}`,
};

export const sub: OperatorRecord = {
  name: 'sub',
  arity: 2,
  family: 'arithmetic',
  formula: 'a - b',
  infix: { symbol: '-', precedence: 1 },
  value: (a: number, b: number) => a - b,
  derivative: (_args, i) => (i === 0 ? 1 : -1),
  partial: (_args, i) => num(i === 0 ? 1 : -1),
  js: ([a, b]) => `(${a} - ${b})`,
  tfjs: (a, b) => tf.sub(a, b),
  print: ([a, b]) => `${a} - ${b}`,
  latex: ([a, b]) => `${a} - ${b}`,
};

export const mul: OperatorRecord = {
  name: 'mul',
  arity: 2,
  family: 'arithmetic',
  formula: 'a * b',
  infix: { symbol: '*', precedence: 2 },
  algebra: { commutative: true, associative: true },
  value: (a: number, b: number) => a * b,
  derivative: (args, i) => args[1 - i],
  partial: (args, i) => args[1 - i],
  js: ([a, b]) => `(${a} * ${b})`,
  tfjs: (a, b) => tf.mul(a, b),
  print: ([a, b]) => `${a} * ${b}`,
  latex: ([a, b]) => `${a} \\cdot ${b}`,
};

export const div: OperatorRecord = {
  name: 'div',
  arity: 2,
  family: 'arithmetic',
  formula: 'a / b (unprotected)',
  infix: { symbol: '/', precedence: 2 },
  value: (a: number, b: number) => a / b,
  derivative: ([a, b], i) => (i === 0 ? 1 / b : -a / (b * b)),
  partial: ([a, b], i) => (i === 0 ? over(ONE, b) : negate(over(a, squared(b)))),
  js: ([a, b]) => `(${a} / ${b})`,
  tfjs: (a, b) => tf.div(a, b),
  print: ([a, b]) => `${a} / ${b}`,
  latex: ([a, b]) => `\\frac{${a}}{${b}}`,
};

export const neg: OperatorRecord = {
  name: 'neg',
  arity: 1,
  family: 'arithmetic',
  formula: '-a',
  infix: { symbol: 'neg', precedence: 3 },
  algebra: { parity: 'odd' },
  value: (a: number) => -a,
  derivative: () => -1,
  partial: () => num(-1),
  js: ([a]) => `(-${a})`,
  tfjs: (a) => tf.neg(a),
  print: ([a]) => `-${a}`,
  latex: ([a]) => `-${a}`,
};

export const square: OperatorRecord = {
  name: 'square',
  arity: 1,
  family: 'arithmetic',
  formula: 'a^2',
  infix: { symbol: '^2', precedence: 4 },
  algebra: { parity: 'even' },
  value: (a: number) => a * a,
  derivative: ([a]) => 2 * a,
  partial: ([a]) => times(num(2), a),
  js: ([a]) => `(${a} * ${a})`,
  tfjs: (a) => tf.square(a),
  print: ([a]) => `${a}^2`,
  latex: ([a]) => `{${a}}^{2}`,
};

export const arithmeticOperators: readonly OperatorRecord[] = [add, sub, mul, div, neg, square];
