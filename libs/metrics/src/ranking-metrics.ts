import type { Metric, ScoredSet } from '@recsearch/core';
import { ahead, metricsFromRanks } from './ranking';

type RankingMeasure = 'ndcg' | 'recall' | 'precision' | 'hr' | 'mrr';

/**
 * A ranking metric over a scored set whose rows are grouped by user (`groups`): each user's
 * rows are that user's candidates (e.g. held-out positives plus sampled negatives), labels
 * 1 mark the relevant ones. Averaged over users with a relevant row. The name says
 * `(given-candidates)`: this is not full ranking (use `evaluateRanking` for that).
 */
export function groupedRankingMetric(measure: RankingMeasure, k = 10): Metric {
  const name = `${measure === 'mrr' ? 'mrr' : `${measure}@${k}`}(given-candidates)`;
  const slot = measure === 'mrr' ? 4 : ['ndcg', 'recall', 'precision', 'hr'].indexOf(measure);
  return {
    name,
    direction: 'maximise',
    compute(set: ScoredSet): number {
      if (!set.groups) throw new RangeError(`${name} needs per-row groups (users)`);
      const groups = set.groups;
      const order = Int32Array.from(groups, (_, row) => row).sort((a, b) => groups[a] - groups[b] || a - b);
      const values = new Float64Array(5);
      let sum = 0;
      let users = 0;
      for (let start = 0; start < order.length; ) {
        let end = start;
        while (end < order.length && groups[order[end]] === groups[order[start]]) end++;
        const rows = order.subarray(start, end);
        const relevant = rows.filter((row) => set.labels[row] >= 0.5);
        if (relevant.length > 0) {
          const ranks = Int32Array.from(relevant, (r) => {
            let rank = 0;
            for (const j of rows) if (ahead(set.scores[j], j, set.scores[r], r)) rank++;
            return rank;
          });
          metricsFromRanks(ranks, [k], values);
          sum += values[slot];
          users++;
        }
        start = end;
      }
      return users ? sum / users : NaN;
    },
  };
}
