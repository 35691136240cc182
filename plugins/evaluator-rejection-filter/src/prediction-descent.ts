import type { LossGradient } from '@recsearch/compute';

/** The task metric the filter compares before and after (lower is better). */
export type TaskMetric = 'bce' | 'error' | 'mse';

const CLIP = 1e-7;

/** Mean BCE (ŷ clipped to [1e-7, 1 − 1e-7]), error rate at 0.5, or MSE of ŷ against y. */
export function taskError(metric: TaskMetric, yhat: ArrayLike<number>, y: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < yhat.length; i++) {
    if (metric === 'mse') total += (yhat[i] - y[i]) ** 2;
    else if (metric === 'error') total += (yhat[i] >= 0.5 ? 1 : 0) === (y[i] >= 0.5 ? 1 : 0) ? 0 : 1;
    else {
      const p = Math.min(Math.max(yhat[i], CLIP), 1 - CLIP);
      total -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
    }
  }
  return yhat.length === 0 ? 0 : total / yhat.length;
}

/** `bce` when every label is 0 or 1 (classification), else `mse` (regression). */
export function metricFor(labels: ArrayLike<number>): TaskMetric {
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 0 && labels[i] !== 1) return 'mse';
  return 'bce';
}

export interface DescentSettings {
  steps: number;
  learningRate: number;
}

export interface DescentResult {
  /** The optimised predictions, or undefined when a loss or gradient became NaN or ±∞. */
  yhat?: Float32Array;
  /** Steps taken before a non-finite value stopped the descent. */
  steps: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

/**
 * EvoMAL's rejection protocol: Adam on the predictions themselves (not on a model), minimising
 * the batch mean of the candidate loss, from the given initial predictions.
 */
export function descendPredictions(loss: LossGradient, initial: Float32Array, labels: Float32Array, settings: DescentSettings): DescentResult {
  const n = initial.length;
  const yhat = Float32Array.from(initial);
  const losses = new Float32Array(n);
  const gradients = new Float32Array(n);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  for (let t = 1; t <= settings.steps; t++) {
    loss(yhat, labels, n, losses, gradients);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(losses[i]) || !Number.isFinite(gradients[i])) return { steps: t - 1 };
    }
    for (let i = 0; i < n; i++) {
      const g = gradients[i] / n;
      m[i] = BETA1 * m[i] + (1 - BETA1) * g;
      v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
      yhat[i] -= (settings.learningRate * (m[i] / (1 - BETA1 ** t))) / (Math.sqrt(v[i] / (1 - BETA2 ** t)) + EPSILON);
    }
  }
  return { yhat, steps: settings.steps };
}
