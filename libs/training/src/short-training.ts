import type { GroupSettings, Recommender, Rng } from '@recsearch/core';
import { BatchBuffers, shuffleInPlace, trainBatch, type LossGradient, type TrainingPairs } from '@recsearch/compute';

export interface StepsOptions {
  loss: LossGradient;
  /** Minibatch updates to take (EvoMAL: 500). */
  steps: number;
  batchSize: number;
  settings: readonly GroupSettings[];
  /** Orders the rows; reshuffled whenever a pass over them ends. */
  rng: Rng;
}

export interface StepsResult {
  /** Mean per-row training loss over every step. */
  loss: number;
  /** Rows trained on (steps × batch, fewer when the data has fewer rows than a batch). */
  rows: number;
}

/**
 * A fixed number of minibatch steps rather than whole epochs: EvoMAL's short fitness training.
 * Throws NonFiniteLossError (epoch = pass over the rows, batch = step) when a loss or gradient
 * is NaN or ±∞, before the model is touched by it.
 */
export function trainSteps(model: Recommender, data: TrainingPairs, options: StepsOptions): StepsResult {
  const total = data.users.length;
  const size = Math.max(1, Math.min(options.batchSize, total));
  const order = Int32Array.from({ length: total }, (_, r) => r);
  const buffers = new BatchBuffers(size);
  let cursor = total;
  let pass = -1;
  let lossSum = 0;
  let rows = 0;
  for (let step = 0; step < options.steps && total > 0; step++) {
    if (cursor + size > total) {
      shuffleInPlace(options.rng, order);
      cursor = 0;
      pass++;
    }
    lossSum += trainBatch(model, data, { order, start: cursor, n: size }, buffers, options, { epoch: pass, batch: step });
    cursor += size;
    rows += size;
  }
  return { loss: rows === 0 ? 0 : lossSum / rows, rows };
}
