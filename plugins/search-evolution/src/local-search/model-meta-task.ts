import { RecsearchError, Rng, type Batch, type Interactions, type Recommender, type RecommenderSnapshot } from '@recsearch/core';
import type { CompiledLoss } from '@recsearch/expr';
import type { TrainingSetup } from '@recsearch/training';
import type { MetaObjective } from './meta-problem';
import type { MetaTask } from './meta-task';

/** A model whose snapshot cannot carry the perturbed parameters the meta-gradient needs. */
export class MetaGradientError extends RecsearchError {
  constructor(model: string, reason: string) {
    super(`local search on model ${model}: ${reason}`);
  }
}

/** Rows with 0/1 labels. */
export interface LabelledBatch extends Batch {
  labels: Float32Array;
}

export interface ModelMetaSettings {
  /** Step size α of the differentiable inner SGD step (EvoMAL: 0.01). */
  innerLearningRate: number;
  /** Training rows the inner step takes (sampled anew every meta-step). */
  trainRows: number;
  /** Validation rows of each meta-step's task loss (sampled anew every meta-step). */
  validationRows: number;
  /**
   * Draw each meta-step's initialisation from this many seeded ones made once (restoring a
   * snapshot instead of building a model); absent: a fresh model every meta-step (EvoMAL).
   */
  initialisations?: number;
}

// The probe's largest parameter change: big enough to lift the directional derivative over
// float32 rounding of ŷ (≈ 6e-8), small enough that the central difference's O(h²) term vanishes.
const PROBE = 1e-3;
// BCE's clip (the logloss metric clips at 1e-6).
const CLIP = 1e-7;

/**
 * One meta-step on a real recommender, through the Recommender contract only. With
 * θ₁ = θ₀ − α ∇θ mean ℓ_φ(train at θ₀) and f(φ) = mean BCE(validation at θ₁), g = ∇θ f at θ₁:
 *   ∂f/∂φ_k = −α/n Σ_r ∂²ℓ/∂ŷ∂φ_k(r) · (J_r · g),
 * where J_r · g, the derivative of training prediction r at θ₀ along g, is the central
 * difference of predictions at θ₀ ± h·g. `initial` is the model's snapshot at θ₀ when the
 * caller holds it already (taken here otherwise). Leaves the model in an unspecified state.
 */
export function modelMetaObjective(
  model: Recommender,
  train: LabelledBatch,
  validation: LabelledBatch,
  loss: CompiledLoss,
  phi: Readonly<Record<string, number>>,
  innerLearningRate: number,
  initial: RecommenderSnapshot = model.snapshot(),
): MetaObjective {
  const n = train.users.length;
  const width = loss.differentiated.length;
  const dYhat = new Float64Array(n);
  const mixed = new Float64Array(n * width);
  loss.evaluate({ yhat: Float64Array.from(model.predict(train, false)), y: train.labels }, { dYhat, dYhatdParameters: mixed }, phi);
  if (!allFinite(dYhat) || !allFinite(mixed)) return { value: NaN, gradient: new Float64Array(width).fill(NaN) };

  model.zeroGradients();
  model.backward(Float32Array.from(dYhat, (d) => d / n));
  model.applyGradients(model.layerGroups.map(() => ({ learningRate: innerLearningRate, l2: 0 })));

  const { value, gradient: dValue } = bce(model.predict(validation, false), validation.labels);
  model.zeroGradients();
  model.backward(dValue);
  const g = model.parameters().map((tensor) => ({ name: tensor.name, gradient: new Float64Array(tensor.gradient) }));
  model.zeroGradients();

  let largest = 0;
  for (const { gradient } of g) {
    // Comparisons, not Math.max/abs: a per-element builtin call is costly in some hosts (jest's vm).
    for (let i = 0; i < gradient.length; i++) {
      const size = gradient[i] < 0 ? -gradient[i] : gradient[i];
      if (size > largest || size !== size) largest = size;
    }
  }
  const gradient = new Float64Array(width);
  if (!Number.isFinite(value) || !Number.isFinite(largest)) return { value: NaN, gradient: gradient.fill(NaN) };
  if (largest === 0) return { value, gradient };

  const h = PROBE / largest;
  const at = (sign: number): Float32Array => {
    model.restore(perturbed(model.model, initial, g, sign * h));
    return model.predict(train, false);
  };
  const plus = at(1);
  const minus = at(-1);
  for (let r = 0; r < n; r++) {
    const jvp = (plus[r] - minus[r]) / (2 * h);
    for (let k = 0; k < width; k++) gradient[k] -= (innerLearningRate / n) * mixed[r * width + k] * jvp;
  }
  return { value, gradient };
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/** Mean BCE of clipped predictions and its derivative in each ŷ. */
function bce(yhat: Float32Array, labels: Float32Array): { value: number; gradient: Float32Array } {
  const n = yhat.length;
  let value = 0;
  const gradient = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const p = Math.min(1 - CLIP, Math.max(CLIP, yhat[r]));
    const y = labels[r];
    value -= (y * Math.log(p) + (1 - y) * Math.log(1 - p)) / n;
    gradient[r] = (p - y) / (p * (1 - p) * n);
  }
  return { value, gradient };
}

/** The snapshot with every parameter tensor moved by `step` along its direction. */
function perturbed(model: string, base: RecommenderSnapshot, direction: Array<{ name: string; gradient: Float64Array }>, step: number): RecommenderSnapshot {
  const tensors = { ...base.tensors };
  for (const { name, gradient } of direction) {
    const values = base.tensors[name];
    if (values === undefined || values.length !== gradient.length) throw new MetaGradientError(model, `its snapshot lacks parameter tensor '${name}' of ${gradient.length} values`);
    const moved = new Float32Array(values.length);
    for (let i = 0; i < moved.length; i++) moved[i] = values[i] + step * gradient[i];
    tensors[name] = moved;
  }
  return { ...base, tensors };
}

/** Uniformly drawn rows; for ranking (all-positive feedback) half are positives, half random items labelled 0. */
function sampleRows(rng: Rng, part: Interactions, rows: number, ranking: boolean, items: number): LabelledBatch {
  const batch = { users: new Int32Array(rows), items: new Int32Array(rows), labels: new Float32Array(rows) };
  for (let r = 0; r < rows; r++) {
    const row = rng.int(0, part.users.length - 1);
    batch.users[r] = part.users[row];
    const negative = ranking && r % 2 === 1;
    batch.items[r] = negative ? rng.int(0, items - 1) : part.items[row];
    batch.labels[r] = ranking ? (negative ? 0 : 1) : part.ratings[row];
  }
  return batch;
}

/**
 * EvoMAL's meta-problem on the run's own recommender and data: every meta-step starts from a
 * fresh initialisation drawn from the search's stream (plain SGD, no clipping, so the inner
 * step is the one differentiated) and samples its training and validation rows.
 */
export function modelMetaTask(setup: TrainingSetup, settings: ModelMetaSettings): MetaTask {
  const { data, models } = setup;
  const { train, validation } = data.split;
  if (train.users.length === 0 || validation.users.length === 0) {
    throw new RecsearchError('local search on the run\'s model: the training or the validation split is empty');
  }
  const ranking = data.task === 'ranking';
  const items = data.dataset.itemCount;
  const create = (seed: number) => models.create({ users: data.dataset.userCount, items, seed, optimizer: { kind: 'sgd' } });
  const pool = settings.initialisations === undefined ? undefined : initialisationPool(create, settings.initialisations);
  return {
    step: (loss, phi, rng) => {
      const seed = rng.int(0, 2 ** 31 - 1);
      const trainBatch = sampleRows(rng, train, settings.trainRows, ranking, items);
      const validationBatch = sampleRows(rng, validation, settings.validationRows, ranking, items);
      if (pool) {
        const { model, initial } = pool.initialisation(seed);
        return modelMetaObjective(model, trainBatch, validationBatch, loss, phi, settings.innerLearningRate, initial);
      }
      const model = create(seed);
      try {
        return modelMetaObjective(model, trainBatch, validationBatch, loss, phi, settings.innerLearningRate);
      } finally {
        model.dispose();
      }
    },
  };
}

/**
 * `count` seeded initialisations made on first use, and one model that takes each in turn
 * (returned with the snapshot it was restored from).
 */
function initialisationPool(create: (seed: number) => Recommender, count: number) {
  let model: Recommender | undefined;
  let snapshots: RecommenderSnapshot[] = [];
  return {
    initialisation(seed: number): { model: Recommender; initial: RecommenderSnapshot } {
      if (!model) {
        const seeds = Rng.fromSeed(count);
        snapshots = Array.from({ length: count }, () => {
          const made = create(seeds.int(0, 2 ** 31 - 1));
          const snapshot = made.snapshot();
          made.dispose();
          return snapshot;
        });
        model = create(0);
      }
      const initial = snapshots[seed % count];
      model.restore(initial);
      return { model, initial };
    },
  };
}
