import { Rng, type Recommender } from '@recsearch/core';
import { NonFiniteLossError } from '../errors';
import { NativeMf } from '../native/mf';
import { NativeMlp } from '../native/mlp';
import { autoLossGenStopping, EarlyStopping, patience } from './early-stopping';
import { binaryCrossEntropy, squaredError, type LossGradient } from './losses';
import { latentFactorPairs, pairwiseAuc } from './testing';
import { fit, trainEpoch, type TrainingPairs } from './trainer';

const data = latentFactorPairs({ users: 40, items: 50, rows: 3000, dim: 3, seed: 7 });
const train: TrainingPairs = {
  users: data.users.subarray(0, 2500),
  items: data.items.subarray(0, 2500),
  labels: data.labels.subarray(0, 2500),
};
const held = { users: data.users.subarray(2500), items: data.items.subarray(2500), labels: data.labels.subarray(2500) };
const auc = (model: Recommender): number => pairwiseAuc(model.predict(held), held.labels);
const sgd = (rate: number, l2 = 0) => [
  { learningRate: rate, l2 },
  { learningRate: rate, l2 },
];

describe('trainEpoch', () => {
  it('MF with BCE lowers the training loss and ranks held-out pairs well', () => {
    const model = new NativeMf({ users: 40, items: 50, dim: 8, embeddingStd: 0.3, seed: 1 });
    const rng = Rng.fromSeed(2);
    const before = auc(model);
    const losses: number[] = [];
    for (let epoch = 0; epoch < 40; epoch++) {
      losses.push(trainEpoch(model, train, { loss: binaryCrossEntropy, batchSize: 32, settings: sgd(1, 1e-4), rng, epoch }).loss);
    }
    expect(losses[0]).toBeGreaterThan(0.6);
    expect(losses[39]).toBeLessThan(losses[0] * 0.7);
    expect(before).toBeLessThan(0.6);
    expect(auc(model)).toBeGreaterThan(0.8);
  });

  it('MLP with MSE lowers the training loss', () => {
    const model = new NativeMlp({ users: 40, items: 50, dim: 8, hidden: [16, 8], embeddingStd: 0.3, seed: 1 });
    const rng = Rng.fromSeed(3);
    const settings = model.layerGroups.map(() => ({ learningRate: 2, l2: 0 }));
    const first = trainEpoch(model, train, { loss: squaredError, batchSize: 64, settings, rng }).loss;
    let last = first;
    for (let epoch = 1; epoch < 20; epoch++) last = trainEpoch(model, train, { loss: squaredError, batchSize: 64, settings, rng }).loss;
    expect(last).toBeLessThan(first * 0.8);
  });

  it('is reproducible: same seeds give the same parameters', () => {
    const run = (): Float32Array => {
      const model = new NativeMf({ users: 40, items: 50, dim: 4, seed: 5 });
      trainEpoch(model, train, { loss: binaryCrossEntropy, batchSize: 100, settings: sgd(0.5), rng: Rng.fromSeed(9) });
      return model.parameters()[0].values;
    };
    expect(run()).toEqual(run());
  });

  it('an η = 0 group stays frozen while the others move', () => {
    const model = new NativeMf({ users: 40, items: 50, dim: 4, seed: 5, optimizer: { kind: 'adam' } });
    const before = model.snapshot();
    trainEpoch(model, train, {
      loss: binaryCrossEntropy,
      batchSize: 100,
      settings: [
        { learningRate: 0, l2: 0.1 },
        { learningRate: 0.01, l2: 0 },
      ],
      rng: Rng.fromSeed(9),
    });
    const after = model.snapshot();
    expect(after.tensors['user.embedding']).toEqual(before.tensors['user.embedding']);
    expect(after.tensors['item.embedding']).toEqual(before.tensors['item.embedding']);
    expect(after.tensors['user.bias']).not.toEqual(before.tensors['user.bias']);
  });

  it('a loss that returns NaN aborts with NonFiniteLossError naming epoch and batch', () => {
    const model = new NativeMf({ users: 40, items: 50, dim: 4 });
    const broken: LossGradient = (yhat, y, n, lossOut, gradOut) => {
      for (let r = 0; r < n; r++) {
        lossOut[r] = Math.log(yhat[r] - 1);
        gradOut[r] = 1;
      }
    };
    const run = () => trainEpoch(model, train, { loss: broken, batchSize: 100, settings: sgd(0.1), rng: Rng.fromSeed(1), epoch: 3 });
    expect(run).toThrow(NonFiniteLossError);
    expect(run).toThrow(/epoch 3, batch 0/);
  });
});

describe('early stopping', () => {
  it('stops after 10 consecutive decreases (AutoLossGen)', () => {
    const rules = new EarlyStopping(autoLossGenStopping);
    const metrics = [0.5, 0.6, 0.59, 0.58, 0.57, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5];
    const stops = metrics.map((metric, epoch) => (rules.record(epoch, metric), rules.stopReason()));
    expect(stops.indexOf('decreasing')).toBe(11);
    expect(rules.bestEpoch).toBe(1);
  });

  it('stops when the best epoch is more than 50 epochs ago', () => {
    const rules = new EarlyStopping(autoLossGenStopping);
    rules.record(0, 0.9);
    let epoch = 1;
    // Alternating metrics below the best never make 10 decreases in a row.
    for (; rules.stopReason() === undefined; epoch++) rules.record(epoch, epoch % 2 === 0 ? 0.5 : 0.4);
    expect(rules.stopReason()).toBe('stale');
    expect(epoch - 1).toBe(51);
  });

  it('plain patience stops after that many epochs without a new best', () => {
    const rules = new EarlyStopping(patience(3));
    [0.5, 0.7, 0.6, 0.65, 0.6].forEach((metric, epoch) => rules.record(epoch, metric));
    expect(rules.stopReason()).toBe('stale');
    const fresh = new EarlyStopping(patience(3));
    [0.5, 0.7, 0.6, 0.65].forEach((metric, epoch) => fresh.record(epoch, metric));
    expect(fresh.stopReason()).toBeUndefined();
  });
});

describe('fit', () => {
  it('reports every epoch, stops by the rules and restores the best epoch', async () => {
    const model = new NativeMf({ users: 40, items: 50, dim: 8, embeddingStd: 0.3, seed: 1 });
    const reports: number[] = [];
    // A deliberately wrong "validation metric" that falls every epoch after the second.
    let calls = 0;
    let bestSnapshotAuc = NaN;
    const result = await fit(model, train, {
      loss: binaryCrossEntropy,
      batchSize: 64,
      settings: sgd(1),
      rng: Rng.fromSeed(4),
      maxEpochs: 100,
      stopping: { decreasingEpochs: 3 },
      validate: (current) => {
        calls++;
        if (calls === 2) bestSnapshotAuc = auc(current);
        return calls <= 2 ? calls : 2 - calls;
      },
      onEpoch: (report) => reports.push(report.epoch),
    });
    expect(result.stopReason).toBe('decreasing');
    expect(result.bestEpoch).toBe(1);
    expect(result.epochs).toBe(5);
    expect(reports).toEqual([0, 1, 2, 3, 4]);
    expect(auc(model)).toBe(bestSnapshotAuc);
  });
});
