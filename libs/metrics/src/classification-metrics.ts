import type { Metric, ScoredSet } from '@recsearch/core';
import { atBestF1Threshold, atThreshold, auc, logLoss, mae, rmse } from './classification';

function metric(name: string, direction: Metric['direction'], compute: (set: ScoredSet) => number): Metric {
  return { name, direction, compute };
}

export const aucMetric = metric('auc', 'maximise', (set) => auc(set.scores, set.labels));
export const logLossMetric = metric('logloss', 'minimise', (set) => logLoss(set.scores, set.labels));
export const rmseMetric = metric('rmse', 'minimise', (set) => rmse(set.scores, set.labels));
export const maeMetric = metric('mae', 'minimise', (set) => mae(set.scores, set.labels));
export const f1Metric = metric('f1@0.5', 'maximise', (set) => atThreshold(set.scores, set.labels, 0.5).f1);
export const accuracyMetric = metric('accuracy@0.5', 'maximise', (set) => atThreshold(set.scores, set.labels, 0.5).accuracy);
/** F1 at the threshold that maximises it on the same set (the reference code's "f1"). */
export const bestF1Metric = metric('f1@best-threshold', 'maximise', (set) => atBestF1Threshold(set.scores, set.labels).f1);
/** Accuracy at the F1-optimal threshold of the same set (the reference code's "accuracy"). */
export const bestF1AccuracyMetric = metric(
  'accuracy@best-f1-threshold',
  'maximise',
  (set) => atBestF1Threshold(set.scores, set.labels).accuracy,
);

export const classificationMetrics: readonly Metric[] = [
  aucMetric,
  logLossMetric,
  f1Metric,
  accuracyMetric,
  bestF1Metric,
  bestF1AccuracyMetric,
];

/** Every classification metric of one scored set, keyed by metric name. */
export function classificationReport(set: ScoredSet): Record<string, number> {
  const half = atThreshold(set.scores, set.labels, 0.5);
  const best = atBestF1Threshold(set.scores, set.labels);
  return {
    auc: auc(set.scores, set.labels),
    logloss: logLoss(set.scores, set.labels),
    'f1@0.5': half.f1,
    'accuracy@0.5': half.accuracy,
    'f1@best-threshold': best.f1,
    'accuracy@best-f1-threshold': best.accuracy,
    'best-f1-threshold': best.threshold,
  };
}
