import { ConfigError, EventBus, Rng, type RecsearchEvent } from '@recsearch/core';
import { trainDeOpt } from './de-opt-training';
import { bce, deOptTraining, smallMf, smallRankingData } from './de-opt.fixtures';
import { metricsOf } from './evaluate-model';
import { gridAxis, gridSettings, trainGrid } from './grid-search';
import { HyperparameterBox } from './hyperparameter-box';
import { resolveHyperparameters, type HyperparameterSettings } from './hyperparameter-options';
import type { TrainingOptions } from './training-options';
import { trainWithHyperparameters } from './tuned-training';

jest.setTimeout(30_000);

// Each test prepares its own data: the negative sampler is stateful, so sharing it couples tests.
let data = smallRankingData();
beforeEach(() => {
  data = smallRankingData();
});
const withHyperparameters = (settings: HyperparameterSettings, rest: Partial<TrainingOptions> = {}): TrainingOptions => ({
  ...deOptTraining,
  ...rest,
  hyperparameters: { ...deOptTraining.hyperparameters, ...settings },
});

function recordEvents(): { bus: EventBus; events: RecsearchEvent[] } {
  const bus = new EventBus({ runId: 't' });
  const events: RecsearchEvent[] = [];
  bus.on('record', (event) => events.push(event));
  return { bus, events };
}

describe('trainDeOpt', () => {
  it('spends NP passes per epoch without local search, and announces each epoch', async () => {
    const { bus, events } = recordEvents();
    const outcome = await trainDeOpt({ model: smallMf(), data, loss: bce, training: withHyperparameters({ population: 5 }, { maxEpochs: 3 }), rng: Rng.fromSeed(1), bus });
    const epochs = events.filter((event) => event.type === 'training.deopt-epoch').map((event) => event.payload as { passes: number; totalPasses: number; population: number });
    expect(epochs).toHaveLength(3);
    expect(epochs.map((epoch) => epoch.passes)).toEqual([5, 5, 5]);
    expect(epochs.map((epoch) => epoch.totalPasses)).toEqual([5, 10, 15]);
    expect(outcome.hyperparameters.passes).toBe(15);
    expect(events.filter((event) => event.type === 'training.epoch')).toHaveLength(3);
    expect(events[events.length - 1].type).toBe('training.finished');
    expect(outcome.hyperparameters.groups).toEqual(['embeddings', 'biases']);
  });

  it('a group whose η box is [0, 0] stays frozen while the others train', async () => {
    const model = smallMf();
    const before = model.parameters().map((tensor) => ({ group: tensor.group, values: tensor.values.slice() }));
    const outcome = await trainDeOpt({ model, data, loss: bce, training: withHyperparameters({ box: { groups: { biases: { learningRate: [0, 0] } } } }, { maxEpochs: 2 }), rng: Rng.fromSeed(2) });
    const after = model.parameters();
    before.forEach((tensor, k) => {
      if (tensor.group === 1) expect(after[k].values).toEqual(tensor.values);
      else expect(after[k].values).not.toEqual(tensor.values);
    });
    expect(outcome.hyperparameters.settings[1].learningRate).toBe(0);
    expect(outcome.hyperparameters.settings[0].learningRate).toBeGreaterThan(0);
  });

  it('is reproducible by seed', async () => {
    const run = async (seed: number) => {
      // Fresh data too: its negative sampler is stateful.
      const outcome = await trainDeOpt({ model: smallMf(), data: smallRankingData(), loss: bce, training: withHyperparameters({}, { maxEpochs: 2 }), rng: Rng.fromSeed(seed) });
      return { test: outcome.test, population: outcome.hyperparameters.population, history: outcome.history.map(({ seconds: _, ...rest }) => rest) };
    };
    expect(await run(3)).toEqual(await run(3));
    expect(await run(3)).not.toEqual(await run(4));
  });

  it('improves validation NDCG@10 over the epochs on a small ranking task', async () => {
    const model = smallMf();
    const untrained = metricsOf(model, data, 'validation')['ndcg@10'];
    const outcome = await trainDeOpt({ model, data, loss: bce, training: withHyperparameters({}, { maxEpochs: 6 }), rng: Rng.fromSeed(5) });
    const curve = outcome.history.map((epoch) => epoch.validation);
    // Rollback: the model after an epoch is never worse than before it.
    curve.slice(1).forEach((score, k) => expect(score).toBeGreaterThanOrEqual(curve[k]));
    expect(curve[curve.length - 1]).toBeGreaterThan(curve[0]);
    expect(outcome.bestValidation).toBeGreaterThan(1.5 * untrained);
    expect(outcome.validation['ndcg@10']).toBeCloseTo(outcome.bestValidation, 10);
  });

  it('bad settings are config errors that say where', async () => {
    const run = (settings: HyperparameterSettings) => trainDeOpt({ model: smallMf(), data, loss: bce, training: withHyperparameters(settings), rng: Rng.fromSeed(1) });
    await expect(run({ population: 3 })).rejects.toThrow(ConfigError);
    await expect(run({ population: 3 })).rejects.toThrow(/\/training\/hyperparameters\/population/);
    await expect(run({ box: { groups: { dense: { l2: [0, 1] } } } })).rejects.toThrow(/no layer group "dense"/);
    await expect(run({ box: { learningRate: [0.5, 0.1] } })).rejects.toThrow(/\/training\/hyperparameters\/box\/learningRate/);
    await expect(run({ metric: 'auc' })).rejects.toThrow(/reports no validation metric "auc"/);
  });
});

describe('box', () => {
  it('is [0, amplification × reference] per dimension, or explicit per group', () => {
    const groups = [{ name: 'embeddings', size: 1 }, { name: 'biases', size: 1 }];
    const box = HyperparameterBox.forModel(groups, deOptTraining, resolveHyperparameters({ amplification: 10 }));
    expect(box.box.low).toEqual([0, 0, 0, 0]);
    expect(box.box.high.map((value) => +value.toPrecision(12))).toEqual([1, 1, 0.001, 0.001]);
    const explicit = HyperparameterBox.forModel(groups, deOptTraining, resolveHyperparameters({ reference: { l2: 0.01 }, box: { learningRate: [0.01, 0.5], groups: { biases: { learningRate: [0, 2] } } } }));
    expect(explicit.box.low).toEqual([0.01, 0, 0, 0]);
    expect(explicit.box.high.map((value) => +value.toPrecision(12))).toEqual([0.5, 2, 0.1, 0.1]);
    expect(explicit.settingsOf([1, 2, 3, 4])).toEqual([{ learningRate: 1, l2: 3 }, { learningRate: 2, l2: 4 }]);
    expect(explicit.pointOf(explicit.settingsOf([1, 2, 3, 4]))).toEqual([1, 2, 3, 4]);
  });
});

describe('grid search baseline', () => {
  it('lays each axis geometrically from max/100 to max over the box', () => {
    expect(gridAxis(0, 1, 3).map((value) => +value.toPrecision(12))).toEqual([0.01, 0.1, 1]);
    expect(gridAxis(0.05, 1, 2)).toEqual([0.05, 1]);
    expect(gridAxis(0, 0, 3)).toEqual([0]);
    expect(gridAxis(0, 2, 1)).toEqual([0.2]);
    const groups = [{ name: 'embeddings', size: 1 }, { name: 'biases', size: 1 }];
    const grid = gridSettings(HyperparameterBox.forModel(groups, { ...deOptTraining, l2: 0 }, resolveHyperparameters({ gridPoints: 3 })), 3);
    // λ's box is [0, 0]: three η values, one λ.
    expect(grid.map((settings) => +settings[0].learningRate.toPrecision(12))).toEqual([0.01, 0.1, 1]);
  });

  it('trains once per grid point from the same start and keeps the best by validation', async () => {
    const outcome = await trainGrid({ model: smallMf(), data, loss: bce, training: withHyperparameters({ method: 'grid', gridPoints: 2 }, { maxEpochs: 2, stopping: { patience: 2 } }), rng: Rng.fromSeed(6) });
    const runs = outcome.hyperparameters.grid ?? [];
    expect(runs).toHaveLength(4);
    expect(outcome.hyperparameters.passes).toBe(runs.reduce((sum, run) => sum + run.epochs, 0));
    const best = runs.reduce((a, b) => (b.validation > a.validation ? b : a));
    expect(outcome.hyperparameters.settings).toEqual(best.settings);
    expect(outcome.bestValidation).toBe(best.validation);
    expect(outcome.validation['ndcg@10']).toBeCloseTo(best.validation, 10);
  });

  it('the fixed method is plain training, one pass per epoch', async () => {
    const outcome = await trainWithHyperparameters({ model: smallMf(), data, loss: bce, training: withHyperparameters({ method: 'fixed' }, { maxEpochs: 2 }), rng: Rng.fromSeed(6) });
    expect(outcome.hyperparameters).toMatchObject({ method: 'fixed', passes: outcome.epochs, settings: [{ learningRate: 0.1, l2: 1e-4 }, { learningRate: 0.1, l2: 1e-4 }] });
  });
});
