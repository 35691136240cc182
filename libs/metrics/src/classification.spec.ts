import { Rng } from '@recsearch/core';
import { atBestF1Threshold, atThreshold, auc, logLoss, mae, rmse } from './classification';
import { classificationReport, aucMetric, bestF1Metric } from './classification-metrics';

function bruteForceAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  for (let p = 0; p < scores.length; p++) {
    if (labels[p] !== 1) continue;
    for (let n = 0; n < scores.length; n++) {
      if (labels[n] !== 0) continue;
      pairs++;
      wins += scores[p] > scores[n] ? 1 : scores[p] === scores[n] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

function randomSet(seed: number, n: number, levels = 0): { scores: Float32Array; labels: Float32Array } {
  const rng = Rng.fromSeed(seed);
  const labels = Float32Array.from({ length: n }, () => (rng.float() < 0.4 ? 1 : 0));
  // Scores lean towards the label; `levels` > 0 rounds them to force many ties.
  const scores = Float32Array.from(labels, (label) => {
    const score = Math.min(1, Math.max(0, 0.5 * label + 0.6 * rng.float()));
    return levels ? Math.round(score * levels) / levels : score;
  });
  return { scores, labels };
}

describe('auc', () => {
  it('matches hand-computed values, ties counting one half', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(auc([0.5, 0.5], [1, 0])).toBe(0.5);
    // positives 0.3, 0.7; negatives 0.3, 0.1: pairs 0.5 + 1 + 1 + 1 = 3.5 of 4
    expect(auc([0.3, 0.7, 0.3, 0.1], [1, 1, 0, 0])).toBe(0.875);
    expect(auc([0.2, 0.9], [1, 1])).toBeNaN();
  });

  it('equals the brute-force pairwise count on random data with many ties', () => {
    for (const levels of [0, 5, 20]) {
      const { scores, labels } = randomSet(levels + 1, 400, levels);
      expect(auc(scores, labels)).toBeCloseTo(bruteForceAuc(scores, labels), 12);
    }
  });

  it('reversed scores give 1 − AUC; monotone transforms leave it unchanged', () => {
    const { scores, labels } = randomSet(9, 2000, 50);
    const value = auc(scores, labels);
    expect(auc(scores.map((s) => -s), labels)).toBeCloseTo(1 - value, 12);
    expect(auc(Float64Array.from(scores, (s) => Math.exp(3 * s) - 7), labels)).toBeCloseTo(value, 12);
    expect(aucMetric.compute({ scores, labels })).toBe(value);
  });
});

describe('logloss, RMSE, MAE', () => {
  it('match hand-computed values', () => {
    expect(logLoss([0.8, 0.3], [1, 0])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
    expect(logLoss([0, 1], [0, 1])).toBeCloseTo(-Math.log(1 - 1e-6), 12);
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-6), 9);
    expect(rmse([1, 2, 3], [1, 4, 6])).toBeCloseTo(Math.sqrt(13 / 3), 12);
    expect(mae([1, 2, 3], [1, 4, 6])).toBeCloseTo(5 / 3, 12);
    expect(() => rmse([1], [1, 2])).toThrow(RangeError);
  });
});

describe('F1 and accuracy', () => {
  it('at 0.5: scores >= 0.5 are positive (hand case)', () => {
    // predictions 1,1,0,0,1 against labels 1,0,1,0,1: TP 2, FP 1, FN 1, TN 1
    const result = atThreshold([0.9, 0.5, 0.2, 0.1, 0.7], [1, 0, 1, 0, 1]);
    expect(result).toEqual({ threshold: 0.5, f1: 4 / 6, accuracy: 3 / 5, precision: 2 / 3, recall: 2 / 3 });
  });

  it('at the F1-optimal threshold: the best over every threshold, labelled as such', () => {
    // Thresholds 0.9 → F1 2/4; 0.7 → 4/5; 0.5 → 4/6; 0.2 → 6/8 (both 0.2 rows together); 0.1 → 6/9
    const best = atBestF1Threshold([0.9, 0.5, 0.2, 0.1, 0.7, 0.2], [1, 0, 1, 0, 1, 0]);
    expect(best.threshold).toBe(0.7);
    expect(best.f1).toBeCloseTo(0.8, 12);
    expect(best.accuracy).toBeCloseTo(5 / 6, 12);
    for (const seed of [1, 2, 3]) {
      const { scores, labels } = randomSet(seed, 300, 10);
      const brute = Math.max(...Array.from(new Set(scores), (t) => atThreshold(scores, labels, t).f1));
      expect(atBestF1Threshold(scores, labels).f1).toBeCloseTo(brute, 12);
      expect(bestF1Metric.compute({ scores, labels })).toBeGreaterThanOrEqual(atThreshold(scores, labels, 0.5).f1);
    }
    expect(bestF1Metric.name).toBe('f1@best-threshold');
  });

  it('reports every classification metric by name', () => {
    const report = classificationReport({ scores: Float32Array.from([0.9, 0.2]), labels: Float32Array.from([1, 0]) });
    expect(Object.keys(report)).toEqual([
      'auc', 'logloss', 'f1@0.5', 'accuracy@0.5', 'f1@best-threshold', 'accuracy@best-f1-threshold', 'best-f1-threshold',
    ]);
    expect(report.auc).toBe(1);
  });
});
