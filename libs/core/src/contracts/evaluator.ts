import type { EventBus } from '../events/bus';
import type { Awaitable, Candidate, CandidateKind, Json } from './candidate';

/** What one evaluator stage says of a candidate. Rewards are "higher is better". */
export interface Verdict {
  pass: boolean;
  reward: number;
  reason?: string;
  metrics: Record<string, number>;
  /**
   * Training epochs this stage spent on the candidate (fractional allowed; none: free). The
   * runner sums it into `trainedEpochs`, the budget that is fair across search strategies.
   */
  cost?: number;
  /** Id of the stage that gave the verdict (set by the pipeline). */
  stage?: string;
}

export interface EvaluationContext {
  runId: string;
  bus: EventBus;
  /** Verdicts of the earlier stages of the pipeline for this candidate. */
  earlier: Verdict[];
}

/**
 * One stage of the configured evaluator pipeline. A stage that keeps state between
 * candidates (e.g. the live recommender) owns it and makes it resumable with snapshot/restore.
 */
export interface Evaluator {
  readonly accepts: readonly CandidateKind[];
  evaluate(candidate: Candidate, context: EvaluationContext): Awaitable<Verdict>;
  snapshot?(): Json;
  restore?(snapshot: Json): void;
}
export const Evaluator = Symbol.for('recsearch.Evaluator');
