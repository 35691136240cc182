import { EventBus, Rng, type Dataset, type RecsearchEvent } from '@recsearch/core';
import { NativeMf } from '@recsearch/compute';
import { syntheticDataset, UserItems } from '@recsearch/data';
import { compileLoss, defaultOperatorTable } from '@recsearch/expr';
import { metricsOf } from './evaluate-model';
import { prepareData } from './prepare-data';
import { resolveLoss } from './resolve-loss';
import { trainModel } from './train-model';
import type { TrainingOptions } from './training-options';

jest.setTimeout(30_000);

const small: Dataset = syntheticDataset({ users: 200, items: 300, ratings: 12000, seed: 3 });
const options: TrainingOptions = { loss: 'bce', eps: 1e-6, optimizer: 'adam', learningRate: 0.01, l2: 0, batchSize: 128, maxEpochs: 8, stopping: { patience: 3 } };
const model = (seed = 1) => new NativeMf({ users: small.userCount, items: small.itemCount, dim: 16, seed, optimizer: { kind: 'adam' } });

describe('prepareData', () => {
  it('classification: binarises at the threshold and splits leave-one-out by time into disjoint parts', () => {
    const data = prepareData(small, { task: 'classification', binariseAt: 4, negatives: 4 }, Rng.fromSeed(1));
    const { train, validation, test } = data.split;
    expect(train.users.length + validation.users.length + test.users.length).toBe(small.interactions.users.length);
    const labels = new Set([...train.ratings, ...validation.ratings, ...test.ratings]);
    expect([...labels].sort()).toEqual([0, 1]);
    const positives = [...small.interactions.ratings].filter((rating) => rating >= 4).length;
    expect([train, validation, test].reduce((sum, part) => sum + part.ratings.reduce((a, b) => a + b, 0), 0)).toBe(positives);
    expect(data.epochPairs(0)).toBe(data.epochPairs(1));
  });

  it('ranking: every rating a positive, fresh negatives each epoch, never a training item', () => {
    const data = prepareData(small, { task: 'ranking', binariseAt: 4, negatives: 3, split: { kind: 'random', ratios: { train: 0.7, validation: 0.1, test: 0.2 } } }, Rng.fromSeed(2));
    const trainSet = UserItems.from(data.split.train, small.userCount);
    const first = data.epochPairs(0);
    const second = data.epochPairs(1);
    expect(first.users.length).toBe(data.split.train.users.length * 4);
    let negatives = 0;
    for (let row = 0; row < first.users.length; row++) {
      if (first.labels[row] === 0) {
        negatives++;
        expect(trainSet.has(first.users[row], first.items[row])).toBe(false);
      }
    }
    expect(negatives).toBe(data.split.train.users.length * 3);
    expect(Array.from(second.items)).not.toEqual(Array.from(first.items));
  });
});

describe('resolveLoss', () => {
  it('binds eps and gives the compiled per-row loss and ∂/∂ŷ of a named loss or an expression', () => {
    const yhat = Float32Array.of(0.2, 0.7, 0.9);
    const y = Float32Array.of(0, 1, 1);
    const loss = new Float32Array(3);
    const grad = new Float32Array(3);
    resolveLoss('mse', {}).gradient(yhat, y, 3, loss, grad);
    [0.2 * 0.2, 0.3 * 0.3, 0.1 * 0.1].forEach((expected, row) => expect(loss[row]).toBeCloseTo(expected, 6));
    expect(Array.from(grad).map((g) => +g.toFixed(6))).toEqual([0.4, -0.6, -0.2]);
    const maxr = resolveLoss('max((yhat + eps) / (y + eps), (y + eps) / (yhat + eps))', { eps: 0.1 });
    maxr.gradient(yhat, y, 3, loss, grad);
    expect(loss[0]).toBeCloseTo(0.3 / 0.1, 5);
    const reference = new Float64Array(3);
    compileLoss(defaultOperatorTable().parse(maxr.source)).evaluate({ yhat, y }, { loss: reference }, { eps: 0.1 });
    expect(Array.from(loss)).toEqual(Array.from(reference).map(Math.fround));
  });
});

describe('trainModel', () => {
  it('learns: test AUC well above chance, every epoch announced, best epoch restored', async () => {
    const data = prepareData(small, { task: 'classification', binariseAt: 4, negatives: 4 }, Rng.fromSeed(1));
    const bus = new EventBus({ runId: 't' });
    const events: RecsearchEvent[] = [];
    bus.on('record', (event) => events.push(event));
    const trained = model();
    const before = metricsOf(trained, data, 'test').auc;
    const outcome = await trainModel({ model: trained, data, loss: resolveLoss('bce', { eps: 1e-6 }), training: options, rng: Rng.fromSeed(4), bus });
    expect(before).toBeLessThan(0.6);
    expect(outcome.test.auc).toBeGreaterThan(0.7);
    expect(events.filter((event) => event.type === 'training.epoch')).toHaveLength(outcome.epochs);
    expect(events[events.length - 1].type).toBe('training.finished');
    expect(outcome.validation.auc).toBeCloseTo(outcome.bestValidation, 10);
  });

  it('ranks: full-ranking NDCG@10 of a trained model beats an untrained one', async () => {
    const data = prepareData(small, { task: 'ranking', binariseAt: 4, negatives: 4, split: { kind: 'random' } }, Rng.fromSeed(5));
    const untrained = metricsOf(model(2), data, 'test');
    const outcome = await trainModel({ model: model(2), data, loss: resolveLoss('bce', { eps: 1e-6 }), training: { ...options, maxEpochs: 5 }, rng: Rng.fromSeed(6) });
    expect(Object.keys(outcome.test)).toEqual(expect.arrayContaining(['ndcg@10', 'recall@10', 'precision@10', 'hr@10', 'mrr']));
    expect(outcome.test['ndcg@10']).toBeGreaterThan(2 * untrained['ndcg@10']);
  });
});
