import type { Json } from '../contracts/candidate';
import type { BestCandidate } from '../events/run-events';

/** The runner's own counters, carried across resumes. */
export interface RunnerState {
  step: number;
  candidates: number;
  evaluations: number;
  elapsedMs: number;
  best: BestCandidate | null;
}

/** Everything needed to continue a run exactly: written atomically by the run store. */
export interface Checkpoint {
  version: 1;
  /** Sequence number of the `checkpoint.written` event announcing this checkpoint. */
  seq: number;
  runner: RunnerState;
  strategy: Json;
  evaluators: Json[];
  rng: Record<string, number[]>;
}
