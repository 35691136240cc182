import { RecsearchError, type Json } from '@recsearch/core';

/**
 * Where a training run keeps its progress. The trainers call `save` after every unit of work
 * (an epoch of fixed training, a DE-Opt generation, a grid point's epoch) with a JSON state
 * that holds everything they need to continue exactly; the caller adds the RNG streams it owns
 * and writes it atomically. After each save they ask `stopRequested` and throw
 * `TrainingInterrupted` when it says yes.
 */
export interface TrainingCheckpoints {
  /** The state of the last `save` of an earlier run of the same training, to continue from. */
  readonly resumeFrom?: Json;
  save(state: Json): void;
  stopRequested(): boolean;
}

/** The checkpoint state of one method: its tag, so a state is never read by another trainer. */
export function checkpointOf<T extends Json>(checkpoints: TrainingCheckpoints | undefined, method: string): T | undefined {
  const state = checkpoints?.resumeFrom;
  if (state === undefined || state === null) return undefined;
  if (typeof state !== 'object' || Array.isArray(state) || state['method'] !== method) {
    throw new RecsearchError(`the checkpoint is not of a ${method} training (method ${JSON.stringify((state as { method?: Json }).method ?? null)})`);
  }
  return state as T;
}
