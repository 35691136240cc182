import { Rng } from '@recsearch/core';
import { ModelStateError } from './errors';
import { NativeMlp } from './native/mlp';
import { decodeSnapshot, encodeSnapshot } from './snapshot-codec';
import { binaryCrossEntropy } from './train/losses';
import { latentFactorPairs } from './train/testing';
import { trainEpoch } from './train/trainer';

describe('snapshot codec', () => {
  it('JSON round trip restores a model exactly, optimiser and dropout stream included', () => {
    const data = latentFactorPairs({ users: 10, items: 12, rows: 200, dim: 2, seed: 1 });
    const model = new NativeMlp({ users: 10, items: 12, dim: 4, hidden: [6, 3], seed: 2, optimizer: { kind: 'adam' } });
    const settings = model.layerGroups.map(() => ({ learningRate: 0.01, l2: 0.001 }));
    trainEpoch(model, data, { loss: binaryCrossEntropy, batchSize: 16, settings, rng: Rng.fromSeed(3) });
    const text = JSON.stringify(encodeSnapshot(model.snapshot()));
    const copy = new NativeMlp({ users: 10, items: 12, dim: 4, hidden: [6, 3], seed: 99, optimizer: { kind: 'adam' } });
    copy.restore(decodeSnapshot(JSON.parse(text)));
    expect(copy.snapshot()).toEqual(model.snapshot());
    trainEpoch(model, data, { loss: binaryCrossEntropy, batchSize: 16, settings, rng: Rng.fromSeed(4) });
    trainEpoch(copy, data, { loss: binaryCrossEntropy, batchSize: 16, settings, rng: Rng.fromSeed(4) });
    expect(copy.predict(data)).toEqual(model.predict(data));
  });

  it('keeps special float values and rejects what is not a snapshot', () => {
    const snapshot = { model: 'x', tensors: { t: Float32Array.of(NaN, -0, Infinity, 1e-40) } };
    expect(decodeSnapshot(encodeSnapshot(snapshot))).toEqual(snapshot);
    expect(() => decodeSnapshot([1, 2])).toThrow(ModelStateError);
    expect(() => decodeSnapshot({ model: 'mf', tensors: { a: 'AAA' } })).toThrow(/'a' has 2 bytes/);
  });
});
