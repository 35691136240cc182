import type { EventBus, Recommender, Rng } from '@recsearch/core';
import type { PreparedData } from './prepare-data';
import type { ResolvedLoss } from './resolve-loss';
import type { TrainingCheckpoints } from './training-checkpoints';
import type { TrainingOptions } from './training-options';

/** One training run: what it trains on what, the stream it draws from, where it reports and checkpoints. */
export interface TrainingJob {
  model: Recommender;
  data: PreparedData;
  loss: ResolvedLoss;
  training: TrainingOptions;
  rng: Rng;
  bus?: EventBus;
  checkpoints?: TrainingCheckpoints;
}
