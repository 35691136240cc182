import wilcoxon from '@stdlib/stats-wilcoxon';

export interface PairedTest {
  method: string;
  /** The signed-rank statistic (sum of positive ranks of a − b). */
  statistic: number;
  pValue: number;
  alpha: number;
  /** pValue < alpha: the paired values differ (in the alternative's direction). */
  rejected: boolean;
  /** Number of pairs given (zero differences included). */
  pairs: number;
}

export interface PairedTestOptions {
  alpha?: number;
  /** `greater`: a tends to exceed b. Default `two-sided`. */
  alternative?: 'two-sided' | 'less' | 'greater';
  /** Force the exact distribution beyond 50 pairs (slower). */
  exact?: boolean;
}

/**
 * Wilcoxon signed-rank test on paired values (e.g. per-user NDCG of two models on the same
 * users), via @stdlib/stats-wilcoxon: zero differences dropped ("wilcox"), continuity
 * correction on, exact distribution up to 50 pairs and the normal approximation beyond.
 */
export function pairedWilcoxon(a: ArrayLike<number>, b: ArrayLike<number>, options: PairedTestOptions = {}): PairedTest {
  if (a.length !== b.length) throw new RangeError(`paired test needs equal lengths, got ${a.length} and ${b.length}`);
  const result = wilcoxon(Float64Array.from(a), Float64Array.from(b), {
    alpha: options.alpha ?? 0.05,
    alternative: options.alternative ?? 'two-sided',
    exact: options.exact ?? false,
  });
  return {
    method: result.method,
    statistic: result.statistic,
    // @stdlib doubles the tail at the statistic; at the centre of the distribution that exceeds 1.
    pValue: Math.min(1, result.pValue),
    alpha: result.alpha,
    rejected: result.rejected,
    pairs: a.length,
  };
}
