import { Rng } from '@recsearch/core';
import { NonFiniteLossError } from '@recsearch/compute';
import { resolveLoss } from './resolve-loss';
import { trainSteps } from './short-training';
import { smallTrainingSetup } from './testing';
import { seededModel } from './training-setup';

const setup = smallTrainingSetup();
const pairs = setup.data.epochPairs(0);
const settings = (groups: number) => Array.from({ length: groups }, () => ({ learningRate: 0.01, l2: 0 }));
const mse = resolveLoss('mse', {}).gradient;

describe('seededModel', () => {
  it('gives the same initialisation for the same seed and another for another seed', () => {
    const batch = { users: pairs.users.subarray(0, 50), items: pairs.items.subarray(0, 50) };
    const a = seededModel(setup, 11).predict(batch, false);
    expect(seededModel(setup, 11).predict(batch, false)).toEqual(a);
    expect(seededModel(setup, 12).predict(batch, false)).not.toEqual(a);
  });

  it("honours training.embeddingDecay: with 'all', one SGD step of one row decays every item row", () => {
    const changedItemRows = (embeddingDecay: 'touched' | 'all') => {
      const model = seededModel({ ...setup, training: { ...setup.training, embeddingDecay } }, 1, 'sgd');
      const before = model.snapshot().tensors['item.embedding'];
      const decayed = model.layerGroups.map(() => ({ learningRate: 0.01, l2: 0.1 }));
      trainSteps(model, pairs, { loss: mse, steps: 1, batchSize: 1, settings: decayed, rng: Rng.fromSeed(1) });
      const after = model.snapshot().tensors['item.embedding'];
      const dim = before.length / setup.data.dataset.itemCount;
      return Array.from({ length: setup.data.dataset.itemCount }, (_, item) => item).filter((item) => after.subarray(item * dim, (item + 1) * dim).some((value, k) => value !== before[item * dim + k])).length;
    };
    expect(changedItemRows('touched')).toBe(1);
    expect(changedItemRows('all')).toBe(setup.data.dataset.itemCount);
  });
});

describe('trainSteps', () => {
  it('takes exactly the asked steps: steps × batch rows, across passes over the data', () => {
    const model = seededModel(setup, 1);
    const steps = Math.ceil(pairs.users.length / 64) + 5; // more than one pass
    const result = trainSteps(model, pairs, { loss: mse, steps, batchSize: 64, settings: settings(model.layerGroups.length), rng: Rng.fromSeed(1) });
    expect(result.rows).toBe(steps * 64);
  });

  it('is a pure function of the model, the data and the row order\'s seed, and lowers the training loss', () => {
    const run = (seed: number) => {
      const model = seededModel(setup, 1);
      const first = trainSteps(model, pairs, { loss: mse, steps: 20, batchSize: 128, settings: settings(model.layerGroups.length), rng: Rng.fromSeed(seed) });
      const later = trainSteps(model, pairs, { loss: mse, steps: 20, batchSize: 128, settings: settings(model.layerGroups.length), rng: Rng.fromSeed(seed + 100) });
      return { first: first.loss, later: later.loss, snapshot: model.snapshot() };
    };
    const a = run(3);
    expect(run(3)).toEqual(a);
    expect(run(4).snapshot).not.toEqual(a.snapshot);
    expect(a.later).toBeLessThan(a.first);
  });

  it('throws NonFiniteLossError before a non-finite gradient reaches the model', () => {
    const model = seededModel(setup, 1);
    const before = model.snapshot();
    const broken = resolveLoss('y / (yhat - yhat)', {}).gradient;
    expect(() => trainSteps(model, pairs, { loss: broken, steps: 3, batchSize: 32, settings: settings(model.layerGroups.length), rng: Rng.fromSeed(1) })).toThrow(NonFiniteLossError);
    expect(model.snapshot()).toEqual(before);
  });

  it('uses every row once per step when the batch exceeds the data', () => {
    const tiny = { users: pairs.users.subarray(0, 10), items: pairs.items.subarray(0, 10), labels: pairs.labels.subarray(0, 10) };
    const model = seededModel(setup, 1);
    expect(trainSteps(model, tiny, { loss: mse, steps: 4, batchSize: 128, settings: settings(model.layerGroups.length), rng: Rng.fromSeed(1) }).rows).toBe(40);
  });
});
