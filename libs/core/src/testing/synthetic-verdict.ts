import type { CandidateValue } from '../contracts/candidate';
import type { Verdict } from '../contracts/evaluator';

/**
 * A cheap, deterministic verdict for any candidate, so conformance suites can drive a
 * strategy without a real evaluator: params score by minus the sum of squares of their
 * numbers; expressions by minus their length.
 */
export function syntheticVerdict(value: CandidateValue): Verdict {
  const reward =
    value.kind === 'params'
      ? -Object.values(value.params).reduce<number>((sum, v) => sum + (typeof v === 'number' ? v * v : String(v).length), 0)
      : -value.expression.length;
  return { pass: true, reward, metrics: { synthetic: reward } };
}
