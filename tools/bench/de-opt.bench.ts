import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Rng } from '@recsearch/core';
import { NativeNeuMf, trainEpoch } from '@recsearch/compute';
import { readFilmTrust, syntheticDataset } from '@recsearch/data';
import { DeOpt, HyperparameterBox, metricsOf, ModelTarget, prepareData, resolveHyperparameters, resolveLoss, validationScorer, type TrainingOptions } from '@recsearch/training';
import type { BenchRow } from './bench-row';

const FILMTRUST = resolve(__dirname, '../../../shared/data/filmtrust');

const training: TrainingOptions = { loss: 'bce', eps: 1e-6, optimizer: 'sgd', learningRate: 0.1, l2: 1e-5, batchSize: 256, maxEpochs: 1, stopping: { patience: 20 } };

/**
 * NeuMF on FilmTrust (70/10/20, 4 negatives; a synthetic set of its size when the data is absent):
 * one training pass, one full-ranking validation, and one DE-Opt generation (NP = 5, no local search).
 */
export async function run(): Promise<BenchRow[]> {
  const dataset = existsSync(FILMTRUST) ? await readFilmTrust(FILMTRUST) : syntheticDataset({ users: 1508, items: 2071, ratings: 35497, seed: 1 });
  const data = prepareData(dataset, { task: 'ranking', binariseAt: 4, negatives: 4, split: { kind: 'random', ratios: { train: 0.7, validation: 0.1, test: 0.2 } } }, Rng.fromSeed(1));
  const model = new NativeNeuMf({ users: data.dataset.userCount, items: data.dataset.itemCount, seed: 1, optimizer: { kind: 'sgd' } });
  const loss = resolveLoss('bce', { eps: 1e-6 });
  const rng = Rng.fromSeed(2);
  let started = performance.now();
  trainEpoch(model, data.epochPairs(0), { loss: loss.gradient, batchSize: 256, settings: model.layerGroups.map(() => ({ learningRate: 0.1, l2: 1e-5 })), rng });
  const pass = (performance.now() - started) / 1000;
  started = performance.now();
  metricsOf(model, data, 'validation');
  const validation = (performance.now() - started) / 1000;
  const options = resolveHyperparameters({ method: 'de-opt', population: 5, sflsde: { localSearch: 'none' } });
  const target = new ModelTarget(model, data, loss, 256, rng, validationScorer(data, 'ndcg@10'));
  const deOpt = new DeOpt(HyperparameterBox.forModel(model.layerGroups, training, options), options, Rng.fromSeed(3), target.score());
  started = performance.now();
  deOpt.epoch(target);
  const generation = (performance.now() - started) / 1000;
  return [
    { name: 'NeuMF FilmTrust: one training pass (native)', value: pass, unit: 's' },
    { name: 'NeuMF FilmTrust: full-ranking validation', value: validation, unit: 's' },
    { name: 'DE-Opt generation (NP = 5, rollback) on NeuMF FilmTrust', value: generation, unit: 's' },
  ];
}
