import { Rng, type Recommender } from '@recsearch/core';
import { ModelStateError } from '../errors';
import { binaryCrossEntropy } from '../train/losses';
import { latentFactorPairs } from '../train/testing';
import { trainEpoch } from '../train/trainer';
import { NativeMf } from './mf';
import { NativeMlp } from './mlp';
import { NativeNeuMf } from './neumf';

const sizes = { users: 30, items: 40 };
const data = latentFactorPairs({ ...sizes, rows: 600, dim: 3, seed: 3 });
const probe = { users: data.users.subarray(0, 100), items: data.items.subarray(0, 100) };
const makers: Record<string, () => Recommender> = {
  mf: () => new NativeMf({ ...sizes, dim: 8, embeddingStd: 0.3, seed: 1, optimizer: { kind: 'adam' } }),
  mlp: () => new NativeMlp({ ...sizes, dim: 8, hidden: [16, 8], embeddingStd: 0.3, seed: 1, optimizer: { kind: 'amsgrad' } }),
  neumf: () => new NativeNeuMf({ ...sizes, gmfDim: 4, mlpDim: 8, hidden: [8, 4, 4], embeddingStd: 0.3, seed: 1 }),
};
const epoch = (model: Recommender, seed: number): void => {
  const settings = model.layerGroups.map(() => ({ learningRate: 0.05, l2: 1e-3 }));
  trainEpoch(model, data, { loss: binaryCrossEntropy, batchSize: 32, settings, rng: Rng.fromSeed(seed) });
};

describe.each(Object.keys(makers))('%s state', (name) => {
  it('snapshot → train → restore gives back identical predictions and identical further training', () => {
    const model = makers[name]();
    epoch(model, 1);
    const snapshot = model.snapshot();
    const before = model.predict(probe);
    epoch(model, 2);
    const trained = model.predict(probe);
    expect(trained).not.toEqual(before);
    model.restore(snapshot);
    expect(model.predict(probe)).toEqual(before);
    // Optimiser moments, batch-norm statistics and the dropout stream came back too.
    epoch(model, 2);
    expect(model.predict(probe)).toEqual(trained);
  });

  it('a clone predicts the same and trains independently of its source', () => {
    const model = makers[name]();
    epoch(model, 1);
    const copy = model.clone();
    const before = model.predict(probe);
    expect(copy.predict(probe)).toEqual(before);
    epoch(copy, 2);
    expect(model.predict(probe)).toEqual(before);
    expect(copy.predict(probe)).not.toEqual(before);
    epoch(model, 2);
    expect(model.predict(probe)).toEqual(copy.predict(probe));
  });

  it('the same seed gives the same initial parameters', () => {
    expect(makers[name]().snapshot()).toEqual(makers[name]().snapshot());
  });
});

describe('dispose', () => {
  it.each(Object.keys(makers))("%s: the next model of the same size takes over the disposed one's arena, as new", (name) => {
    const reference = makers[name]();
    const expected = reference.snapshot();
    epoch(reference, 5);
    const trainedReference = reference.predict(probe);
    // A model trained (gradients, moments, statistics all non-zero), then disposed.
    const used = makers[name]();
    epoch(used, 9);
    const usedTensors = used.parameters().map((tensor) => tensor.values);
    used.dispose();
    const next = makers[name]();
    // It did take over the arena where the model has one (NeuMF's tables, MF's and the MLP's every array).
    expect(next.parameters().some((tensor, index) => tensor.values.buffer === usedTensors[index].buffer)).toBe(true);
    expect(next.snapshot()).toEqual(expected);
    epoch(next, 5);
    expect(next.predict(probe)).toEqual(trainedReference);
  });

  it('a disposed model refuses to be used, and a second dispose changes nothing', () => {
    const model = makers.mf();
    model.dispose();
    model.dispose();
    expect(() => model.predict(probe)).toThrow(new ModelStateError('mf', 'used after dispose()'));
    expect(() => model.clone()).toThrow(ModelStateError);
    // One released arena serves one model only.
    const [first, second] = [makers.mf(), makers.mf()];
    expect(first.parameters()[0].values.buffer).not.toBe(second.parameters()[0].values.buffer);
  });

  it('a large model (over 64 MiB of arena) gives its memory back instead of keeping it for the next', () => {
    const large = () => new NativeMf({ users: 140_000, items: 10, dim: 64, seed: 1 }, false);
    const dropped = large();
    const buffer = dropped.parameters()[0].values.buffer;
    expect(buffer.byteLength).toBeGreaterThan(64 * 2 ** 20);
    dropped.dispose();
    expect(large().parameters()[0].values.buffer).not.toBe(buffer);
  });
});

describe('state errors', () => {
  it('restoring another model or a different shape says what is wrong', () => {
    const mf = new NativeMf({ ...sizes, dim: 8 });
    expect(() => mf.restore(new NativeMlp({ ...sizes, dim: 8 }).snapshot())).toThrow(/mf: cannot restore a snapshot of model 'mlp'/);
    expect(() => mf.restore(new NativeMf({ ...sizes, dim: 4 }).snapshot())).toThrow(
      /snapshot tensor 'user.embedding' has 120 values, expected 240/,
    );
  });

  it('backward before predict and wrong group counts are ModelStateErrors', () => {
    const mf = new NativeMf({ ...sizes, dim: 8 });
    expect(() => mf.backward(new Float32Array(3))).toThrow(ModelStateError);
    expect(() => mf.applyGradients([{ learningRate: 1, l2: 0 }])).toThrow(/expected settings for 2 layer groups \(embeddings, biases\)/);
  });

  it('an SGD step is W ← W − η(∂J/∂W + λW) on the rows of the batch only', () => {
    const mf = new NativeMf({ users: 3, items: 3, dim: 2, embeddingStd: 0.5, seed: 2 });
    const before = mf.snapshot().tensors;
    const batch = { users: Int32Array.of(1), items: Int32Array.of(2) };
    const yhat = mf.predict(batch, true)[0];
    mf.backward(Float32Array.of(1));
    mf.applyGradients([
      { learningRate: 0.5, l2: 0.1 },
      { learningRate: 0.25, l2: 0 },
    ]);
    const after = mf.snapshot().tensors;
    const dz = yhat * (1 - yhat);
    for (let k = 0; k < 2; k++) {
      const p = before['user.embedding'][2 + k];
      const q = before['item.embedding'][4 + k];
      expect(after['user.embedding'][2 + k]).toBeCloseTo(p - 0.5 * (dz * q + 0.1 * p), 6);
      expect(after['item.embedding'][4 + k]).toBeCloseTo(q - 0.5 * (dz * p + 0.1 * q), 6);
    }
    expect(after['global.bias'][0]).toBeCloseTo(-0.25 * dz, 6);
    expect(after['user.embedding'].subarray(0, 2)).toEqual(before['user.embedding'].subarray(0, 2));
  });

  it('a first Adam step moves each touched weight by about η against the sign of ∂J/∂W + λW', () => {
    const mf = new NativeMf({ users: 3, items: 3, dim: 2, embeddingStd: 0.5, seed: 2, optimizer: { kind: 'adam' } });
    const before = mf.snapshot().tensors;
    const batch = { users: Int32Array.of(0), items: Int32Array.of(1) };
    const yhat = mf.predict(batch, true)[0];
    mf.backward(Float32Array.of(1));
    mf.applyGradients([
      { learningRate: 0.01, l2: 0.1 },
      { learningRate: 0.01, l2: 0 },
    ]);
    const after = mf.snapshot().tensors;
    const dz = yhat * (1 - yhat);
    for (let k = 0; k < 2; k++) {
      const p = before['user.embedding'][k];
      const q = before['item.embedding'][2 + k];
      // m̂ = g and v̂ = g² after one step, so the step is η·g/(|g| + ε).
      expect(after['user.embedding'][k]).toBeCloseTo(p - 0.01 * Math.sign(dz * q + 0.1 * p), 6);
    }
    expect(after['optimizer.step'][0]).toBe(1);
    expect(after['user.embedding'].subarray(2)).toEqual(before['user.embedding'].subarray(2));
  });
});
