import { Rng, type Json } from '@recsearch/core';
import { NativeMf, TrainingInterrupted } from '@recsearch/compute';
import { syntheticDataset } from '@recsearch/data';
import { bce, deOptTraining } from './de-opt.fixtures';
import { prepareData, type PreparedData } from './prepare-data';
import type { TrainingCheckpoints } from './training-checkpoints';
import type { TrainingOptions } from './training-options';
import { trainWithHyperparameters } from './tuned-training';
import { quickTraining } from './testing';

jest.setTimeout(30_000);

const rankingSet = syntheticDataset({ users: 80, items: 100, ratings: 2500, seed: 3 });
const classificationSet = syntheticDataset({ users: 150, items: 200, ratings: 6000, seed: 3 });

/** A run's moving parts, built afresh as a new process would: data (and its negative sampler's stream), model, shuffling stream. */
function freshRun(task: 'ranking' | 'classification') {
  const dataRng = Rng.fromSeed(5);
  const data: PreparedData =
    task === 'ranking'
      ? prepareData(rankingSet, { task, binariseAt: 4, negatives: 4, split: { kind: 'random', ratios: { train: 0.7, validation: 0.1, test: 0.2 } } }, dataRng)
      : prepareData(classificationSet, { task, binariseAt: 4, negatives: 4 }, dataRng);
  const model = new NativeMf({ users: data.dataset.userCount, items: data.dataset.itemCount, dim: 16, seed: 1, optimizer: { kind: task === 'ranking' ? 'sgd' : 'adam' } });
  return { data, dataRng, model, rng: Rng.fromSeed(2) };
}

/** Checkpoints kept as JSON text, as the run store writes them, with the data stream the caller owns; asks to stop after `stopAfter` saves. */
function recorder(run: ReturnType<typeof freshRun>, stopAfter: number) {
  const saved: { state: Json; data: number[] }[] = [];
  const checkpoints: TrainingCheckpoints = {
    save: (state) => saved.push(JSON.parse(JSON.stringify({ state, data: run.dataRng.state() }))),
    stopRequested: () => saved.length >= stopAfter,
  };
  return { saved, checkpoints };
}

const untimed = <T>(value: T): T => JSON.parse(JSON.stringify(value, (key, inner) => (key === 'seconds' ? 0 : inner)));

/** Trains uninterrupted; then stops after `stopAfter` saves and resumes from the last in a fresh run: same outcome and weights. */
async function expectResumesIdentically(task: 'ranking' | 'classification', training: TrainingOptions, stopAfter: number) {
  const reference = freshRun(task);
  const expected = await trainWithHyperparameters({ model: reference.model, data: reference.data, loss: bce, training, rng: reference.rng });

  const first = freshRun(task);
  const { saved, checkpoints } = recorder(first, stopAfter);
  await expect(trainWithHyperparameters({ model: first.model, data: first.data, loss: bce, training, rng: first.rng, checkpoints })).rejects.toThrow(TrainingInterrupted);
  expect(saved).toHaveLength(stopAfter);

  const second = freshRun(task);
  const last = saved[saved.length - 1];
  second.dataRng.setState(last.data);
  const resumed = await trainWithHyperparameters({ model: second.model, data: second.data, loss: bce, training, rng: Rng.fromSeed(77), checkpoints: { resumeFrom: last.state, save: () => undefined, stopRequested: () => false } });
  expect(untimed(resumed)).toEqual(untimed(expected));
  expect(second.model.snapshot()).toEqual(reference.model.snapshot());
  return { expected, saved };
}

describe('training checkpoints: snapshot → JSON → restore continues identically', () => {
  it('fixed training, stopped after epoch 2', async () => {
    const { saved } = await expectResumesIdentically('classification', { ...quickTraining, maxEpochs: 5, stopping: { patience: 10 } }, 2);
    expect(saved.map(({ state }) => (state as { method: string }).method)).toEqual(['fixed', 'fixed']);
  });

  it('DE-Opt (paper variant, rollback), stopped after generation 2', async () => {
    const { expected, saved } = await expectResumesIdentically('ranking', { ...deOptTraining, maxEpochs: 3, stopping: { patience: 10 } }, 2);
    expect(expected.hyperparameters.method).toBe('de-opt');
    expect((saved[1].state as { population: unknown[] }).population).toHaveLength(4);
  });

  it('DE-Opt (reference-code variant), stopped after generation 1', async () => {
    await expectResumesIdentically('ranking', { ...deOptTraining, maxEpochs: 2, hyperparameters: { ...deOptTraining.hyperparameters, variant: 'reference-code' } }, 1);
  });

  it('grid search, stopped in the middle of its second point', async () => {
    const training: TrainingOptions = { ...deOptTraining, maxEpochs: 2, stopping: { patience: 5 }, hyperparameters: { method: 'grid', gridPoints: 2 } };
    const { expected } = await expectResumesIdentically('ranking', training, 3);
    expect(expected.hyperparameters.grid).toHaveLength(4);
  });

  it('refuses a checkpoint of another method', async () => {
    const run = freshRun('classification');
    const checkpoints: TrainingCheckpoints = { resumeFrom: { method: 'de-opt' }, save: () => undefined, stopRequested: () => false };
    await expect(trainWithHyperparameters({ model: run.model, data: run.data, loss: bce, training: quickTraining, rng: run.rng, checkpoints })).rejects.toThrow(/not of a fixed training/);
  });
});
