import type { CandidateValue, Json } from '../contracts/candidate';
import type { EvaluatedCandidate } from '../contracts/search-strategy';
import type { BestCandidate, RunSummary } from '../events/run-events';

/** The runner's own counters, carried across resumes. */
export interface RunnerState {
  step: number;
  candidates: number;
  evaluations: number;
  elapsedMs: number;
  /** Sum of the verdicts' `cost` (absent in checkpoints written before it existed). */
  trainedEpochs?: number;
  best: BestCandidate | null;
  /** Passed candidates, kept when a later phase needs them. */
  passed: EvaluatedCandidate[];
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
  /** Set on the checkpoint taken after the run (or phase) ended: its summary. */
  closed?: RunSummary;
  /** In a phased run: the phase this checkpoint is in, and the candidates it was given. */
  phase?: { index: number; given: CandidateValue[]; earlier: RunSummary[] };
}
