import { pairedWilcoxon } from '@recsearch/metrics';
import { armTest, curveOverEpochs, sampleSizeNote, type ChildResult } from './bake-off';

function child(arm: string, seed: number, fields: Partial<ChildResult>): ChildResult {
  return { arm, seed, runId: `${arm}-${seed}`, kind: 'search', status: 'finished', elapsedSeconds: 1, trainedEpochs: null, curve: [], test: null, bestLoss: null, passes: null, ...fields };
}

describe('curveOverEpochs', () => {
  it('averages the seeds\' step curves at the epochs they reached, up to the fewest any seed reached', () => {
    const a = child('x', 1, { curve: [{ trainedEpochs: 1, best: 0.5 }, { trainedEpochs: 3, best: 0.7 }, { trainedEpochs: 6, best: 0.9 }] });
    const b = child('x', 2, { curve: [{ trainedEpochs: 2, best: 0.6 }, { trainedEpochs: 4, best: 0.8 }] });
    // At 1 seed 2 has no value yet; at 2: (0.5 + 0.6) / 2; 3: (0.7 + 0.6) / 2; 4: (0.7 + 0.8) / 2; 6 is past seed 2's end.
    const points = curveOverEpochs('x', [a, b]);
    expect(points.map((point) => point.trainedEpochs)).toEqual([2, 3, 4]);
    expect(points.map((point) => point.mean)).toEqual([(0.5 + 0.6) / 2, (0.7 + 0.6) / 2, (0.7 + 0.8) / 2]);
    expect(points[0].sd).toBeCloseTo(Math.abs(0.6 - 0.5) / Math.SQRT2, 12);
    expect(points.every((point) => point.runs === 2 && point.lower === point.mean - point.sd)).toBe(true);
  });

  it('thins to the requested number of points and draws nothing when a seed has no curve', () => {
    const long = child('y', 1, { curve: Array.from({ length: 50 }, (_, i) => ({ trainedEpochs: i + 1, best: i })) });
    expect(curveOverEpochs('y', [long], 10)).toHaveLength(10);
    expect(curveOverEpochs('y', [long, child('y', 2, {})])).toEqual([]);
  });
});

describe('armTest', () => {
  it('pairs the two arms\' test metric by seed, leaving out seeds one arm lacks', () => {
    const children = [
      ...[0.70, 0.72, 0.75, 0.71, 0.69, 0.73].map((auc, seed) => child('a', seed, { test: { auc } })),
      ...[0.69, 0.70, 0.72, 0.67, 0.64, 0.67].map((auc, seed) => child('b', seed, { test: { auc } })),
      child('b', 99, { test: { auc: 0.1 } }),
    ];
    const test = armTest('a', 'b', 'auc', children);
    const expected = pairedWilcoxon([0.70, 0.72, 0.75, 0.71, 0.69, 0.73], [0.69, 0.70, 0.72, 0.67, 0.64, 0.67]);
    expect(test).toEqual({ a: 'a', b: 'b', metric: 'auc', pairs: 6, statistic: expected.statistic, pValue: expected.pValue, note: null });
    // Differences 0.01, 0.02, 0.03, 0.04, 0.05, 0.06: all positive, no ties, so W+ = 1 + 2 + … + 6 = 21, the
    // largest possible, and the exact two-sided p = 2 / 2^6.
    expect(test.statistic).toBe(21);
    expect(test.pValue).toBeCloseTo(0.03125, 10);
  });

  it('gives no p-value for fewer than two pairs or all pairs equal', () => {
    expect(armTest('a', 'b', 'auc', [child('a', 1, { test: { auc: 1 } }), child('b', 1, { test: { auc: 0 } })])).toMatchObject({ pValue: null, note: 'fewer than 2 pairs', pairs: 1 });
    const equal = [1, 2].flatMap((seed) => [child('a', seed, { test: { auc: seed } }), child('b', seed, { test: { auc: seed } })]);
    expect(armTest('a', 'b', 'auc', equal)).toMatchObject({ pValue: null, note: 'all pairs equal', pairs: 2 });
  });
});

describe('sampleSizeNote', () => {
  it('warns while the smallest two-sided exact p (2 / 2^n) cannot go below 0.05', () => {
    expect(sampleSizeNote(5)).toMatch(/With 5 seeds the smallest possible two-sided exact Wilcoxon p is 0\.0625/);
    expect(sampleSizeNote(3)).toMatch(/0\.25/);
    expect(sampleSizeNote(6)).toBeNull();
  });
});
