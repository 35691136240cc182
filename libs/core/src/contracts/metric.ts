/** Scores and labels of one evaluation set; `groups` (users) for per-user ranking metrics. */
export interface ScoredSet {
  scores: Float32Array;
  labels: Float32Array;
  groups?: Int32Array;
}

/**
 * A metric over one scored set. `name` is what reports print and says how it was computed
 * where that matters (e.g. `f1@0.5`, `f1@best-threshold`, `ndcg@10(sampled)`).
 */
export interface Metric {
  readonly name: string;
  readonly direction: 'maximise' | 'minimise';
  compute(set: ScoredSet): number;
}
export const Metric = Symbol.for('recsearch.Metric');
