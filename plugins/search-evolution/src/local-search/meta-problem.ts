import { Rng } from '@recsearch/core';
import type { CompiledLoss } from '@recsearch/expr';

/** Rows of a tiny logistic-regression task: features row-major (rows × features), labels in {0, 1}. */
export interface Batch {
  features: Float64Array;
  labels: Float64Array;
  rows: number;
}

/**
 * The differentiable stand-in for the recommender when the run has none (e.g. a test-function
 * run; otherwise the local search uses the run's model, see model-meta-task): logits z = X·w of
 * a linear model, a training batch for the inner step and a held-out batch for the task loss.
 */
export interface MetaProblem {
  dimensions: number;
  train: Batch;
  validation: Batch;
  /** The inner SGD step size (EvoMAL: 0.01). */
  innerLearningRate: number;
  /** Standard deviation of the re-initialised weights. */
  initScale: number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
// BCE on logits without forming log σ(z): softplus(z) − y·z.
const bceOnLogit = (z: number, y: number): number => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z;

function batch(rng: Rng, truth: Float64Array, rows: number): Batch {
  const dimensions = truth.length;
  const features = new Float64Array(rows * dimensions);
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let logit = 0;
    for (let k = 0; k < dimensions; k++) {
      const x = rng.normal();
      features[i * dimensions + k] = x;
      logit += x * truth[k];
    }
    labels[i] = rng.float() < sigmoid(logit) ? 1 : 0;
  }
  return { features, labels, rows };
}

/** A fixed synthetic task: labels drawn from a logistic model with random true weights. */
export function syntheticMetaProblem(seed = 20230419, settings: { dimensions?: number; rows?: number } = {}): MetaProblem {
  const rng = Rng.fromSeed(seed);
  const dimensions = settings.dimensions ?? 4;
  const rows = settings.rows ?? 64;
  const truth = Float64Array.from({ length: dimensions }, () => rng.normal(0, 2));
  return { dimensions, train: batch(rng, truth, rows), validation: batch(rng, truth, rows), innerLearningRate: 0.01, initScale: 0.1 };
}

function logits(data: Batch, weights: Float64Array): Float64Array {
  const d = weights.length;
  return Float64Array.from({ length: data.rows }, (_, i) => {
    let z = 0;
    for (let k = 0; k < d; k++) z += data.features[i * d + k] * weights[k];
    return z;
  });
}

export interface MetaObjective {
  /** Validation BCE of the model after one SGD step under the candidate loss. */
  value: number;
  /** Its gradient with respect to the weights φ, in `loss.differentiated` order. */
  gradient: Float64Array;
}

/**
 * One meta-step's objective: w₁ = w₀ − η ∇_w mean ℓ_φ(σ(X_t w₀), y_t); value = mean BCE(σ(X_v w₁), y_v).
 * Since only w₁ depends on φ, dvalue/dφ_k = −η/n Σ_i ∂²ℓ/∂ŷ∂φ_k(i) · σ'(z_i) · (g · x_i) with
 * g = ∇_{w₁} value: the compiler's mixed derivatives are all the second-order term needed.
 */
export function metaObjective(problem: MetaProblem, loss: CompiledLoss, phi: Readonly<Record<string, number>>, initial: Float64Array): MetaObjective {
  const { train, validation, innerLearningRate: eta } = problem;
  const d = problem.dimensions;
  const width = loss.differentiated.length;
  const z = logits(train, initial);
  const yhat = z.map(sigmoid);
  const dYhat = new Float64Array(train.rows);
  const mixed = new Float64Array(train.rows * width);
  loss.evaluate({ yhat, y: train.labels }, { dYhat, dYhatdParameters: mixed }, phi);

  const updated = Float64Array.from(initial);
  for (let i = 0; i < train.rows; i++) {
    const scale = (eta / train.rows) * dYhat[i] * yhat[i] * (1 - yhat[i]);
    for (let k = 0; k < d; k++) updated[k] -= scale * train.features[i * d + k];
  }

  const zv = logits(validation, updated);
  let value = 0;
  const g = new Float64Array(d);
  for (let j = 0; j < validation.rows; j++) {
    value += bceOnLogit(zv[j], validation.labels[j]) / validation.rows;
    const residual = (sigmoid(zv[j]) - validation.labels[j]) / validation.rows;
    for (let k = 0; k < d; k++) g[k] += residual * validation.features[j * d + k];
  }

  const gradient = new Float64Array(width);
  for (let i = 0; i < train.rows; i++) {
    let gx = 0;
    for (let k = 0; k < d; k++) gx += g[k] * train.features[i * d + k];
    const common = (-eta / train.rows) * yhat[i] * (1 - yhat[i]) * gx;
    for (let c = 0; c < width; c++) gradient[c] += common * mixed[i * width + c];
  }
  return { value, gradient };
}
