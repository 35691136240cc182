import { Rng } from '@recsearch/core';
import * as tf from '@tensorflow/tfjs';
import { add, apply, mul, num, YHAT, Y } from '../index';
import { compileLoss } from '../evaluate/compile';
import { evaluateDerivatives } from '../evaluate/interpret';
import { lowerToTfjs } from '../evaluate/tfjs-lowering';
import { centralDifference, close } from '../testing/numeric';
import type { OperatorRecord } from './operator-record';
import { OperatorTable } from './table';

const paper = OperatorTable.create({
  composites: [
    { name: 'softplus', params: ['x'], formula: 'log(1 + exp(x))' },
    { name: 'hub', params: ['a', 'b'], formula: 'sqrt(1 + (a - b)^2) - 1' },
  ],
});
const reference = OperatorTable.create({ clamp: 'reference-code' });
const operators = [
  ...paper.list(),
  ...reference.list().filter((op) => op.family === 'autolossgen'),
  ...paper.list({ internal: true }).filter((op) => op.name === '_cmag' || op.name === '_crange'),
];
const label = (op: OperatorRecord) => `${op.name}${op.family === 'autolossgen' && reference.get(op.name) === op ? ' (reference-code)' : ''}`;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(operators.map((op) => [label(op), op] as const))('operator %s', (_name, op) => {
  it('has a derivative that matches central finite differences away from kinks', () => {
    const rng = Rng.fromSeed(op.name.length * 7919 + op.arity);
    let checked = 0;
    for (let trial = 0; trial < 200; trial++) {
      const args = Array.from({ length: op.arity }, () => rng.pick([-1, 1]) * rng.uniform(0.2, 3));
      for (let i = 0; i < op.arity; i++) {
        const { slope, smooth } = centralDifference((...x) => op.value(...x), args, i);
        if (!smooth) continue;
        checked++;
        const derivative = op.derivative(args, i);
        if (!close(derivative, slope, 1e-5, 1e-6)) throw new Error(`${op.name}${JSON.stringify(args)} ∂${i}: ${derivative} vs ${slope}`);
      }
    }
    expect(checked).toBeGreaterThan(150 * op.arity);
  });

  it('compiles, interprets and lowers to tfjs with the same value and ∂/∂ŷ', () => {
    const rng = Rng.fromSeed(op.name.length * 104729 + op.arity);
    // Operands are affine in ŷ with float32-exact coefficients, so tfjs sees the same inputs.
    const affine = (k: number) =>
      apply(add, [apply(add, [apply(mul, [num(Math.fround(rng.uniform(-2, 2))), YHAT]), apply(mul, [num(k + 0.25), Y])]), num(k / 2 - 0.75)]);
    const operands = Array.from({ length: op.arity }, (_, k) => affine(k));
    const expr = apply(op, operands);
    const n = 64;
    const yhat = Float32Array.from({ length: n }, () => Math.fround(rng.uniform(0.01, 0.99)));
    const y = Float32Array.from({ length: n }, () => rng.int(0, 1));
    const loss = new Float64Array(n);
    const dYhat = new Float64Array(n);
    compileLoss(expr).evaluate({ yhat, y }, { loss, dYhat });
    const [tfLoss, tfGrad] = tf.tidy(() => {
      const y_ = tf.tensor1d(y);
      const f = (p: tf.Tensor) => tf.sum(lowerToTfjs(expr, { yhat: p, y: y_ }));
      const p = tf.tensor1d(yhat);
      return [lowerToTfjs(expr, { yhat: p, y: y_ }).dataSync(), tf.grad(f)(p).dataSync()];
    });
    let checked = 0;
    for (let i = 0; i < n; i++) {
      const reference = evaluateDerivatives(expr, { yhat: yhat[i], y: y[i] }, ['yhat']);
      const { smooth } = centralDifference((v) => evaluateDerivatives(expr, { yhat: v, y: y[i] }, []).value, [yhat[i]], 0);
      expect(close(loss[i], reference.value, 1e-12)).toBe(true);
      expect(close(tfLoss[i], loss[i], 1e-5, 1e-6)).toBe(true);
      if (!smooth) continue;
      checked++;
      if (!close(dYhat[i], reference.derivatives[0], 1e-9, 1e-12)) throw new Error(`row ${i}: compiled ${dYhat[i]} vs interpreted ${reference.derivatives[0]}`);
      if (!close(tfGrad[i], dYhat[i], 1e-5, 1e-6)) throw new Error(`row ${i}: tfjs ${tfGrad[i]} vs compiled ${dYhat[i]}`);
    }
    expect(checked).toBeGreaterThan(n / 2);
  });
});

describe('subgradients at kinks', () => {
  const at = (name: string, args: number[], i: number) => (paper.get(name) as OperatorRecord).derivative(args, i);

  it('splits max and min evenly at a tie', () => {
    expect([at('max', [2, 2], 0), at('max', [2, 2], 1), at('min', [2, 2], 0), at('min', [2, 2], 1)]).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect([at('max', [3, 2], 0), at('max', [3, 2], 1), at('min', [3, 2], 0), at('min', [3, 2], 1)]).toEqual([1, 0, 0, 1]);
  });

  it('gives abs the derivative 0 at 0 and sign the derivative 0 everywhere', () => {
    expect([at('abs', [0], 0), at('abs', [-2], 0), at('abs', [2], 0)]).toEqual([0, -1, 1]);
    expect([at('sign', [0], 0), at('sign', [3], 0)]).toEqual([0, 0]);
  });

  it('gives protected log and sqrt the derivative 0 where the protection holds', () => {
    expect(at('log', [0], 0)).toBe(0);
    expect(at('log', [1e-9], 0)).toBe(0);
    expect(at('sqrt', [0], 0)).toBe(0);
    expect(paper.get('log')?.value(0)).toBeCloseTo(Math.log(1e-7), 12);
  });

  it('uses the same subgradients in compiled code and in tfjs', () => {
    const expr = paper.parse('max(yhat, 0.5) + abs(yhat - 0.25) + min(yhat, y)');
    const yhat = Float32Array.from([0.5, 0.25, 1]);
    const y = Float32Array.from([0, 0, 1]);
    const dYhat = new Float64Array(3);
    compileLoss(expr).evaluate({ yhat, y }, { dYhat });
    expect([...dYhat]).toEqual([0.5 + 1 + 0, 0 + 0 + 0, 1 + 1 + 0.5]);
    const grad = tf.tidy(() => tf.grad((p: tf.Tensor) => tf.sum(lowerToTfjs(expr, { yhat: p, y: tf.tensor1d(y) })))(tf.tensor1d(yhat)).arraySync());
    expect(grad).toEqual([...dYhat]);
  });
});
