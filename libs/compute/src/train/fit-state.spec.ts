import { Rng, type Json, type Recommender } from '@recsearch/core';
import { NativeMf } from '../native/mf';
import { NativeMlp } from '../native/mlp';
import { patience } from './early-stopping';
import { decodeFitState, decodeNumbers, encodeFitState, encodeNumbers, TrainingInterrupted, type FitState } from './fit-state';
import { binaryCrossEntropy } from './losses';
import { latentFactorPairs, pairwiseAuc } from './testing';
import { fit, trainEpoch, type FitOptions } from './trainer';

const data = latentFactorPairs({ users: 40, items: 50, rows: 2000, dim: 3, seed: 7 });
const train = { users: data.users.subarray(0, 1600), items: data.items.subarray(0, 1600), labels: data.labels.subarray(0, 1600) };
const held = { users: data.users.subarray(1600), items: data.items.subarray(1600), labels: data.labels.subarray(1600) };
const settingsFor = (groups: number, l2 = 1e-4) => Array.from({ length: groups }, () => ({ learningRate: 0.01, l2 }));
// Adam (moments and step count in the state) and dropout (the model's own stream) make the state non-trivial.
const freshMlp = () => new NativeMlp({ users: 40, items: 50, dim: 8, hidden: [8], dropout: 0.2, embeddingStd: 0.3, seed: 1, optimizer: { kind: 'adam' } });
const options = (rng: Rng, extra: Partial<FitOptions> = {}): FitOptions => ({
  loss: binaryCrossEntropy,
  batchSize: 64,
  // The MLP's groups: embeddings, the hidden layer, the output layer.
  settings: settingsFor(3),
  rng,
  maxEpochs: 8,
  stopping: patience(20),
  validate: (model: Recommender) => pairwiseAuc(model.predict(held), held.labels),
  ...extra,
});
const untimed = <T>(value: T): T => JSON.parse(JSON.stringify(value, (key, inner) => (key === 'seconds' ? 0 : inner)));

describe('fit checkpoints', () => {
  it('a fit stopped after epoch 3, its state through JSON into a fresh model and stream, ends bit-identically', async () => {
    const reference = freshMlp();
    const expected = await fit(reference, train, options(Rng.fromSeed(2)));

    const saved: Json[] = [];
    const first = freshMlp();
    await expect(fit(first, train, options(Rng.fromSeed(2), { onCheckpoint: (state) => saved.push(JSON.parse(JSON.stringify(encodeFitState(state)))), shouldStop: () => saved.length >= 3 }))).rejects.toThrow(
      TrainingInterrupted,
    );
    expect(saved).toHaveLength(3);

    const second = freshMlp();
    const resumed = await fit(second, train, options(Rng.fromSeed(999), { resume: decodeFitState(saved[2]) }));
    expect(untimed(resumed)).toEqual(untimed(expected));
    expect(second.snapshot()).toEqual(reference.snapshot());
  });

  it('resuming from the last epoch\'s state trains nothing more and ends the same', async () => {
    const saved: FitState[] = [];
    const model = freshMlp();
    const expected = await fit(model, train, options(Rng.fromSeed(2), { maxEpochs: 3, onCheckpoint: (state) => saved.push(state) }));
    const again = freshMlp();
    const resumed = await fit(again, train, options(Rng.fromSeed(2), { maxEpochs: 3, resume: decodeFitState(encodeFitState(saved[2])) }));
    expect(resumed).toEqual(expected);
    expect(again.snapshot()).toEqual(model.snapshot());
  });

  it('carries NaN and ±∞ through JSON', () => {
    const value = { best: -Infinity, previous: NaN, up: Infinity, list: [1, -Infinity], name: 'x', nothing: null };
    expect(decodeNumbers(JSON.parse(JSON.stringify(encodeNumbers(value))))).toEqual(value);
  });
});

describe('explicit ℓ2', () => {
  it('is a weight decay of 2λ on every row of every table when nothing is clipped', () => {
    const make = () => new NativeMf({ users: 40, items: 50, dim: 8, embeddingStd: 0.3, seed: 4, optimizer: { kind: 'sgd', embeddingDecay: 'all' } });
    const explicit = make();
    const decayed = make();
    const step = (model: NativeMf, l2: number, explicitL2: number) =>
      trainEpoch(model, train, { loss: binaryCrossEntropy, batchSize: 64, settings: settingsFor(2, l2), rng: Rng.fromSeed(5), explicitL2 });
    step(explicit, 0, 0.01);
    step(decayed, 0.02, 0);
    const a = explicit.snapshot().tensors;
    const b = decayed.snapshot().tensors;
    for (const name of Object.keys(b)) {
      const difference = Math.max(...Array.from(a[name], (value, k) => Math.abs(value - b[name][k])));
      expect(difference).toBeLessThan(1e-6);
    }
    // And it does something: without it the weights differ.
    const plain = make();
    step(plain, 0, 0);
    expect(plain.snapshot().tensors['user.embedding']).not.toEqual(a['user.embedding']);
  });

  it('adds its gradient before the optimiser clips it', () => {
    // With every gradient clipped to ±1e-9, the step is at most η·1e-9 whatever the ℓ2.
    const model = new NativeMf({ users: 40, items: 50, dim: 8, embeddingStd: 3, seed: 4, optimizer: { kind: 'sgd', clipValue: 1e-9, embeddingDecay: 'all' } });
    const before = model.snapshot().tensors['item.embedding'];
    trainEpoch(model, { users: train.users.subarray(0, 64), items: train.items.subarray(0, 64), labels: train.labels.subarray(0, 64) }, {
      loss: binaryCrossEntropy,
      batchSize: 64,
      settings: [
        { learningRate: 1, l2: 0 },
        { learningRate: 1, l2: 0 },
      ],
      rng: Rng.fromSeed(5),
      explicitL2: 10,
    });
    const after = model.snapshot().tensors['item.embedding'];
    const moved = Math.max(...Array.from(after, (value, k) => Math.abs(value - before[k])));
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(1e-6);
  });
});
