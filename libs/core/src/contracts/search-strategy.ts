import type { Awaitable, Candidate, CandidateKind, CandidateValue, Json } from './candidate';
import type { Verdict } from './evaluator';

export interface EvaluatedCandidate {
  candidate: Candidate;
  verdict: Verdict;
}

/**
 * A search strategy behind an ask/tell surface. `tell` receives the verdicts of the last
 * `ask`, in the same order. snapshot/restore capture everything but the random streams,
 * which the runner checkpoints in one place (RngStreams).
 */
export interface SearchStrategy {
  readonly candidateKind: CandidateKind;
  ask(count: number): Awaitable<CandidateValue[]>;
  tell(results: EvaluatedCandidate[]): Awaitable<void>;
  /** True once the strategy has nothing more to propose (e.g. a finished grid). */
  isDone?(): boolean;
  /**
   * Evaluated candidates from elsewhere (e.g. another strategy of a hybrid) the strategy may
   * learn from without having asked for them. Not a `tell`: they answer no ask of its own.
   * What adopting changes is part of the snapshot.
   */
  adopt?(results: EvaluatedCandidate[]): void;
  /**
   * Its best evaluated candidates so far (at most `count`, best first), to share with another
   * strategy; a generational strategy gives its latest complete generation's elites.
   */
  elites?(count: number): EvaluatedCandidate[];
  snapshot(): Json;
  restore(snapshot: Json): void;
}
export const SearchStrategy = Symbol.for('recsearch.SearchStrategy');
