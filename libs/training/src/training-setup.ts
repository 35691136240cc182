import {
  buildComponent,
  RngStreams,
  type DatasetSource,
  type PluginSection,
  type Recommender,
  type RecommenderFactory,
  type ResolvedConfig,
  type RunEnvironment,
} from '@recsearch/core';
import type { OptimizerKind } from '@recsearch/compute';
import type { DataOptions } from './data-options';
import { prepareData, type PreparedData } from './prepare-data';
import type { TrainingOptions } from './training-options';

/** Everything a training run or a loss search trains with: the data, fresh models, the options. */
export const TrainingSetup = Symbol.for('recsearch.TrainingSetup');
export interface TrainingSetup {
  data: PreparedData;
  models: RecommenderFactory;
  training: TrainingOptions;
  streams: RngStreams;
}

/** The built-in defaults: the synthetic dataset and MF, so a config may leave both out. */
export const DEFAULT_DATASET: PluginSection = { type: 'synthetic' };
export const DEFAULT_MODEL: PluginSection = { type: 'mf' };

/** Loads and prepares the config's dataset and builds its model factory. */
export async function buildTrainingSetup(config: ResolvedConfig, env: RunEnvironment, streams = new RngStreams(config.seed)): Promise<TrainingSetup> {
  const source = buildComponent<DatasetSource>(env, streams, 'dataset', '/dataset', config.dataset ?? DEFAULT_DATASET);
  const models = buildComponent<RecommenderFactory>(env, streams, 'model', '/model', config.model ?? DEFAULT_MODEL);
  const data = prepareData(await source.load(), config['data'] as DataOptions, streams.stream('/data'));
  return { data, models, training: config['training'] as TrainingOptions, streams };
}

/** A fresh model for the setup's data, seeded from the `/model` stream, with the training's optimiser. */
export function freshModel(setup: TrainingSetup): Recommender {
  return seededModel(setup, setup.streams.stream('/model').int(0, 2 ** 31 - 1));
}

/**
 * A fresh model for the setup's data from a given seed (not the `/model` stream), so an
 * evaluator can rebuild the very same initialisation for every candidate and after a resume.
 * Takes the training's clip and embedding decay; the optimiser defaults to the training's.
 */
export function seededModel(setup: TrainingSetup, seed: number, optimizer: OptimizerKind = setup.training.optimizer): Recommender {
  const { data, models, training } = setup;
  return models.create({
    users: data.dataset.userCount,
    items: data.dataset.itemCount,
    seed,
    optimizer: { kind: optimizer, ...(training.clip ? { clipValue: training.clip } : {}), ...(training.embeddingDecay ? { embeddingDecay: training.embeddingDecay } : {}) },
  });
}
