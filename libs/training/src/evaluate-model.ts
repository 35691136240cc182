import type { Interactions, Recommender } from '@recsearch/core';
import { UserItems } from '@recsearch/data';
import { classificationReport, evaluateRanking } from '@recsearch/metrics';
import type { PreparedData } from './prepare-data';

const BATCH = 4096;

/** ŷ for every row of a part, predicted in evaluation mode, batch by batch. */
export function predictPart(model: Recommender, part: Interactions): Float32Array {
  const scores = new Float32Array(part.users.length);
  for (let start = 0; start < scores.length; start += BATCH) {
    const end = Math.min(start + BATCH, scores.length);
    scores.set(model.predict({ users: part.users.subarray(start, end), items: part.items.subarray(start, end) }, false), start);
  }
  return scores;
}

/** AUC, logloss, F1/accuracy at 0.5 and at the F1-optimal threshold, RMSE and MAE of ŷ against the labels. */
export function classificationMetricsOf(model: Recommender, part: Interactions): Record<string, number> {
  const scores = predictPart(model, part);
  const report = classificationReport({ scores, labels: part.ratings });
  let squared = 0;
  let absolute = 0;
  for (let row = 0; row < scores.length; row++) {
    const error = scores[row] - part.ratings[row];
    squared += error * error;
    absolute += Math.abs(error);
  }
  return { ...report, rmse: Math.sqrt(squared / scores.length), mae: absolute / scores.length };
}

/** Full ranking of every item a user has not trained on (validation items too, when testing). */
export function rankingMetricsOf(model: Recommender, data: PreparedData, partName: 'validation' | 'test', ks = [10, 20, 50]): Record<string, number> {
  const { dataset, split, seen } = data;
  const heldOut = UserItems.from(split[partName], dataset.userCount);
  const exclude = partName === 'test' ? [seen, UserItems.from(split.validation, dataset.userCount)] : [seen];
  const itemCount = dataset.itemCount;
  const users = new Int32Array(itemCount);
  const items = Int32Array.from({ length: itemCount }, (_, i) => i);
  const report = evaluateRanking({
    itemCount,
    heldOut,
    exclude,
    ks,
    score: (user, out) => {
      users.fill(user);
      out.set(model.predict({ users, items }, false));
    },
  });
  return report.metrics;
}

/** The metrics of a part for the task: classification metrics, or full-ranking ones. */
export function metricsOf(model: Recommender, data: PreparedData, partName: 'validation' | 'test'): Record<string, number> {
  return data.task === 'classification' ? classificationMetricsOf(model, data.split[partName]) : rankingMetricsOf(model, data, partName);
}
