import { decodeNumbers, encodeNumbers, RecsearchError, type Json, type RecommenderSnapshot } from '@recsearch/core';
import { decodeSnapshot, encodeSnapshot } from '../snapshot-codec';
import type { EarlyStoppingState } from './early-stopping';

/** One epoch of a fit as its history records it. */
export interface EpochReport {
  epoch: number;
  loss: number;
  validation: number;
  best: number;
  bestEpoch: number;
  seconds: number;
}

/**
 * Everything a fit needs to continue after its last finished epoch exactly as if it had never
 * stopped: the model (parameters, optimiser moments, dropout stream), the shuffling stream, the
 * early-stopping state, the history and the best epoch's weights.
 */
export interface FitState {
  /** Epochs finished; the next epoch is this one. */
  epochs: number;
  model: RecommenderSnapshot;
  rng: number[];
  stopping: EarlyStoppingState;
  history: EpochReport[];
  best?: RecommenderSnapshot;
}

/** The user asked to stop (Ctrl-C): the trainer saved its state after the last epoch and stopped. */
export class TrainingInterrupted extends RecsearchError {
  override readonly exitCode = 130;
  constructor(readonly after: string) {
    super(`training interrupted after ${after}`);
  }
}

// Core's codec, still on compute's surface for the checkpoints of libs/training.
export { decodeNumbers, encodeNumbers } from '@recsearch/core';

export function encodeFitState(state: FitState): Json {
  const { model, best, ...rest } = state;
  return { ...(encodeNumbers(rest) as Record<string, Json>), model: encodeSnapshot(model), ...(best ? { best: encodeSnapshot(best) } : {}) };
}

export function decodeFitState(json: Json): FitState {
  const { model, best, ...rest } = json as Record<string, Json>;
  return { ...decodeNumbers<Omit<FitState, 'model' | 'best'>>(rest), model: decodeSnapshot(model), ...(best ? { best: decodeSnapshot(best) } : {}) };
}
