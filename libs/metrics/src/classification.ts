/**
 * Pointwise metrics over parallel score / label arrays. Labels are 0/1 for the classification
 * metrics (a label ≥ 0.5 counts as positive); RMSE and MAE take any real targets.
 */

function checkLengths(scores: ArrayLike<number>, labels: ArrayLike<number>, metric: string): void {
  if (scores.length !== labels.length) {
    throw new RangeError(`${metric}: ${scores.length} scores but ${labels.length} labels`);
  }
}

/**
 * Area under the ROC curve, ties counted as half (the average-rank Mann–Whitney form, equal
 * to scikit-learn's roc_auc_score). NaN when either class is absent.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkLengths(scores, labels, 'auc');
  let positiveCount = 0;
  for (let k = 0; k < labels.length; k++) if (labels[k] >= 0.5) positiveCount++;
  const negativeCount = labels.length - positiveCount;
  if (positiveCount === 0 || negativeCount === 0) return NaN;
  const positives = new Float64Array(positiveCount);
  const negatives = new Float64Array(negativeCount);
  for (let k = 0, p = 0, n = 0; k < labels.length; k++) {
    if (labels[k] >= 0.5) positives[p++] = scores[k];
    else negatives[n++] = scores[k];
  }
  positives.sort();
  negatives.sort();
  // For each positive: negatives strictly below it, plus half of those tied with it.
  let below = 0;
  let belowOrTied = 0;
  let wins = 0;
  for (let p = 0; p < positiveCount; p++) {
    const score = positives[p];
    while (below < negativeCount && negatives[below] < score) below++;
    if (belowOrTied < below) belowOrTied = below;
    while (belowOrTied < negativeCount && negatives[belowOrTied] <= score) belowOrTied++;
    wins += below + 0.5 * (belowOrTied - below);
  }
  return wins / (positiveCount * negativeCount);
}

/** Mean binary cross-entropy; predictions are clipped to [eps, 1 − eps] (1e-6 like the reference code). */
export function logLoss(scores: ArrayLike<number>, labels: ArrayLike<number>, eps = 1e-6): number {
  checkLengths(scores, labels, 'logloss');
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const p = Math.min(1 - eps, Math.max(eps, scores[k]));
    sum -= labels[k] * Math.log(p) + (1 - labels[k]) * Math.log(1 - p);
  }
  return sum / scores.length;
}

export function rmse(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  checkLengths(predictions, targets, 'rmse');
  let sum = 0;
  for (let k = 0; k < predictions.length; k++) sum += (predictions[k] - targets[k]) ** 2;
  return Math.sqrt(sum / predictions.length);
}

export function mae(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  checkLengths(predictions, targets, 'mae');
  let sum = 0;
  for (let k = 0; k < predictions.length; k++) sum += Math.abs(predictions[k] - targets[k]);
  return sum / predictions.length;
}

export interface ThresholdScores {
  /** Scores ≥ threshold are predicted positive. */
  threshold: number;
  f1: number;
  accuracy: number;
  precision: number;
  recall: number;
}

function fromCounts(threshold: number, tp: number, fp: number, fn: number, total: number): ThresholdScores {
  const tn = total - tp - fp - fn;
  return {
    threshold,
    f1: tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
    accuracy: (tp + tn) / total,
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: tp + fn === 0 ? 0 : tp / (tp + fn),
  };
}

/** F1, accuracy, precision and recall with scores ≥ threshold predicted positive. */
export function atThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): ThresholdScores {
  checkLengths(scores, labels, 'f1');
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let k = 0; k < scores.length; k++) {
    const predicted = scores[k] >= threshold;
    const actual = labels[k] >= 0.5;
    if (predicted && actual) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
  }
  return fromCounts(threshold, tp, fp, fn, scores.length);
}

/**
 * The threshold (one of the scores) that maximises F1 on this very set, with F1 and accuracy
 * there: what the AutoLossGen reference code reports (tuned on the evaluated split, so
 * optimistic). Exact F1 = 2TP / (2TP + FP + FN), without the code's +1e-6.
 */
export function atBestF1Threshold(scores: ArrayLike<number>, labels: ArrayLike<number>): ThresholdScores {
  checkLengths(scores, labels, 'f1');
  const n = scores.length;
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => scores[b] - scores[a]);
  let positives = 0;
  for (let k = 0; k < n; k++) if (labels[k] >= 0.5) positives++;
  let best = fromCounts(Infinity, 0, 0, positives, n);
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; ) {
    const threshold = scores[order[k]];
    // Take every row tied at this score before measuring: a threshold cannot split ties.
    while (k < n && scores[order[k]] === threshold) {
      if (labels[order[k]] >= 0.5) tp++;
      else fp++;
      k++;
    }
    const candidate = fromCounts(threshold, tp, fp, positives - tp, n);
    if (candidate.f1 > best.f1) best = candidate;
  }
  return best;
}
