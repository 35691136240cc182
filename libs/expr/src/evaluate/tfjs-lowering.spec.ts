import * as tf from '@tensorflow/tfjs';
import { withNodeWeights } from '../expression/node-weights';
import { OperatorTable } from '../operators/table';
import { close } from '../testing/numeric';
import { compileLoss } from './compile';
import { lowerToTfjs } from './tfjs-lowering';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('tfjs lowering', () => {
  it('agrees with the compiled loss on ∂/∂ŷ and on ∂/∂φ summed over rows', () => {
    const table = OperatorTable.create({ composites: [{ name: 'softplus', params: ['x'], formula: 'log(1 + exp(x))' }] });
    const { expr, weights } = withNodeWeights(table.parse('softplus(2 * (yhat - y)) + aq(yhat, y + eps) * tanh(yhat)'));
    const values = Object.fromEntries(weights.map((name, k) => [name, Math.fround(1 + 0.05 * k)]));
    const yhat = Float32Array.from([0.125, 0.375, 0.625, 0.875]);
    const y = Float32Array.from([0, 1, 1, 0]);
    const n = yhat.length;
    const loss = new Float64Array(n);
    const dYhat = new Float64Array(n);
    const dParameters = new Float64Array(n * weights.length);
    compileLoss(expr, { differentiate: weights }).evaluate({ yhat, y }, { loss, dYhat, dParameters }, values);

    const { value, dPrediction, dWeights } = tf.tidy(() => {
      const variables = weights.map((name) => tf.scalar(values[name]));
      const labels = tf.tensor1d(y);
      const f = (p: tf.Tensor, ...phi: tf.Tensor[]) =>
        tf.sum(lowerToTfjs(expr, { yhat: p, y: labels, parameters: Object.fromEntries(weights.map((name, k) => [name, phi[k]])) }));
      const grads = tf.grads(f)([tf.tensor1d(yhat), ...variables]);
      const lowered = lowerToTfjs(expr, { yhat: tf.tensor1d(yhat), y: labels, parameters: Object.fromEntries(weights.map((name, k) => [name, variables[k]])) });
      return { value: lowered.arraySync() as number[], dPrediction: grads[0].arraySync() as number[], dWeights: grads.slice(1).map((g) => g.arraySync() as number) };
    });
    for (let i = 0; i < n; i++) {
      expect(close(value[i], loss[i], 1e-5, 1e-6)).toBe(true);
      expect(close(dPrediction[i], dYhat[i], 1e-5, 1e-6)).toBe(true);
    }
    weights.forEach((_, k) => {
      let total = 0;
      for (let i = 0; i < n; i++) total += dParameters[i * weights.length + k];
      expect(close(dWeights[k], total, 1e-5, 1e-6)).toBe(true);
    });
  });
});
