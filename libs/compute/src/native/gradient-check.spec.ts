import { Rng, type Recommender } from '@recsearch/core';
import { NativeMf } from './mf';
import { NativeMlp } from './mlp';
import { NativeNeuMf } from './neumf';

/**
 * Central finite differences of J = Σ_r g_r ŷ_r against backward(g). Each evaluation restores
 * the same snapshot first, so dropout masks and batch statistics are those of the analytic pass.
 */
function checkGradients(model: Recommender, training: boolean, seed: number): { worst: number; checked: number } {
  const rng = Rng.fromSeed(seed);
  const n = 7;
  const users = Int32Array.from({ length: n }, () => rng.int(0, 4));
  const items = Int32Array.from({ length: n }, () => rng.int(0, 5));
  users[1] = users[0]; // a repeated user accumulates two rows into one embedding row
  const weights = Float32Array.from({ length: n }, () => rng.normal());
  const base = model.snapshot();
  const objective = (): number => {
    const yhat = model.predict({ users, items }, training);
    let sum = 0;
    for (let r = 0; r < n; r++) sum += weights[r] * yhat[r];
    return sum;
  };
  model.restore(base);
  objective();
  model.backward(weights);
  const analytic = model.parameters().map((tensor) => tensor.gradient.slice());
  // Small enough not to cross a ReLU kink at these sizes, large enough for float32 predictions.
  const step = 1e-3;
  let worst = 0;
  let checked = 0;
  model.parameters().forEach((tensor, index) => {
    for (let k = 0; k < tensor.values.length; k++) {
      const at = (delta: number): number => {
        model.restore(base);
        tensor.values[k] += delta;
        return objective();
      };
      const numeric = (at(step) - at(-step)) / (2 * step);
      const error = Math.abs(numeric - analytic[index][k]) / Math.max(0.05, Math.abs(numeric));
      worst = Math.max(worst, error);
      checked++;
    }
  });
  model.restore(base);
  return { worst, checked };
}

const sizes = { users: 5, items: 6 };

describe('native gradients match central finite differences', () => {
  it('MF', () => {
    const model = new NativeMf({ ...sizes, dim: 4, embeddingStd: 0.7, globalBias: 0.1, seed: 1 });
    const { worst, checked } = checkGradients(model, true, 11);
    expect(checked).toBe(5 * 4 + 6 * 4 + 5 + 6 + 1);
    expect(worst).toBeLessThan(5e-3);
  });

  it('MLP with batch norm and dropout, training mode', () => {
    const model = new NativeMlp({ ...sizes, dim: 3, hidden: [5, 4], dropout: 0.3, embeddingStd: 0.7, seed: 2 });
    const { worst } = checkGradients(model, true, 12);
    expect(worst).toBeLessThan(5e-3);
  });

  it('MLP, evaluation mode (running statistics, no dropout)', () => {
    const model = new NativeMlp({ ...sizes, dim: 3, hidden: [5, 4], embeddingStd: 0.7, seed: 3 });
    model.predict({ users: Int32Array.of(0, 1, 2, 3), items: Int32Array.of(3, 2, 1, 0) }, true);
    const { worst } = checkGradients(model, false, 13);
    expect(worst).toBeLessThan(5e-3);
  });

  it('NeuMF', () => {
    const model = new NativeNeuMf({ ...sizes, gmfDim: 3, mlpDim: 3, hidden: [5, 4, 3], embeddingStd: 0.7, seed: 4 });
    const { worst } = checkGradients(model, true, 14);
    expect(worst).toBeLessThan(5e-3);
  });
});

describe('layer groups', () => {
  it('NeuMF declares DE-Opt groups whose sizes add up to every parameter', () => {
    const model = new NativeNeuMf({ users: 10, items: 20, gmfDim: 8, mlpDim: 32, hidden: [32, 16, 8] });
    expect(model.layerGroups.map((group) => group.name)).toEqual([
      'gmf-embeddings',
      'mlp-embeddings',
      'dense-1',
      'dense-2',
      'dense-3-4',
    ]);
    expect(model.layerGroups.map((group) => group.size)).toEqual([
      (10 + 20) * 8,
      (10 + 20) * 32,
      64 * 32 + 32,
      32 * 16 + 16,
      16 * 8 + 8 + (8 + 8) + 1,
    ]);
  });

  it('MLP groups each hidden layer with its batch norm (no dense bias before batch norm)', () => {
    const model = new NativeMlp({ users: 3, items: 4, dim: 64 });
    expect(model.layerGroups).toEqual([
      { name: 'embeddings', size: 7 * 64 },
      { name: 'dense-1', size: 128 * 64 + 2 * 64 },
      { name: 'dense-2', size: 64 * 16 + 2 * 16 },
      { name: 'output', size: 16 + 1 },
    ]);
  });
});
