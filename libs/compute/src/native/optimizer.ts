import type { GroupSettings } from '@recsearch/core';
import { updateDenseInScratch } from './dense-update';
import type { NativeTensor } from './tensor';

export type OptimizerKind = 'sgd' | 'adam' | 'amsgrad';

export interface OptimizerOptions {
  kind?: OptimizerKind;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Element-wise gradient clipping to ±clipValue before the step (the reference code uses 50). */
  clipValue?: number;
  /**
   * ℓ2 on embedding tables: `touched` (default) decays only the rows of the batch, so a step
   * costs O(batch); `all` decays every row every step, as dense frameworks do, at O(table).
   */
  embeddingDecay?: 'touched' | 'all';
}

export type ResolvedOptimizerOptions = Required<Omit<OptimizerOptions, 'clipValue'>> & { clipValue: number };

export function resolveOptimizerOptions(options: OptimizerOptions = {}): ResolvedOptimizerOptions {
  return {
    kind: options.kind ?? 'sgd',
    beta1: options.beta1 ?? 0.9,
    beta2: options.beta2 ?? 0.999,
    epsilon: options.epsilon ?? 1e-8,
    clipValue: options.clipValue ?? Infinity,
    embeddingDecay: options.embeddingDecay ?? 'touched',
  };
}

/**
 * SGD, W ← W − η(∂J/∂W + λW), or Adam/AMSGrad on ∂J/∂W + λW, per layer group. On embedding
 * tables Adam is "lazy": only touched rows move and update their moments. Tensors in a wasm arena
 * (a table's touched rows, or a whole dense tensor) are updated in place by its SIMD kernels (in
 * float32); other dense tensors on the same kernels through the shared scratch; the rest by the
 * loops here.
 */
export class NativeOptimizer {
  readonly options: ResolvedOptimizerOptions;
  private step = 0;
  private readonly first = new Map<string, Float32Array>();
  private readonly second = new Map<string, Float32Array>();
  private readonly secondMax = new Map<string, Float32Array>();

  constructor(options: OptimizerOptions, tensors: readonly NativeTensor[]) {
    this.options = resolveOptimizerOptions(options);
    if (this.options.kind !== 'sgd') {
      for (const tensor of tensors) {
        // Moments of a tensor in a wasm arena live there too, for the SIMD update.
        const allocate = (): Float32Array => tensor.arena?.floats(tensor.size) ?? new Float32Array(tensor.size);
        this.first.set(tensor.name, allocate());
        this.second.set(tensor.name, allocate());
        if (this.options.kind === 'amsgrad') this.secondMax.set(tensor.name, allocate());
      }
    }
  }

  apply(tensors: readonly NativeTensor[], settings: readonly GroupSettings[]): void {
    this.step++;
    const { kind, beta1, beta2, clipValue, embeddingDecay } = this.options;
    const adam: AdamStep = {
      beta1,
      beta2,
      epsilon: this.options.epsilon,
      correction1: 1 - Math.pow(beta1, this.step),
      correction2: 1 - Math.pow(beta2, this.step),
    };
    for (const tensor of tensors) {
      const { learningRate, l2 } = settings[tensor.group];
      const touched = tensor.touched;
      const w = tensor.values;
      const g = tensor.gradient;
      const sparse = touched !== undefined && embeddingDecay === 'touched';
      // Rows of a sparse update: the touched rows; otherwise the whole tensor as one row.
      const rows = sparse ? touched.rows : wholeTensor;
      const count = sparse ? touched.count : 1;
      const width = sparse ? tensor.rowWidth : tensor.size;
      if (clipValue !== Infinity) clipRows(g, rows, count, width, clipValue);
      const arena = tensor.arena;
      if (arena !== undefined && kind !== 'amsgrad') {
        const at = (values: Float32Array | Int32Array): number => values.byteOffset;
        // A dense update's row list has to be in the arena's memory too.
        const list = sparse ? rows : arena.wholeTensor;
        if (kind === 'sgd') {
          arena.kernels.sgdRows(at(w), at(g), at(list), count, width, learningRate, l2);
        } else {
          const m = this.first.get(tensor.name) as Float32Array;
          const v = this.second.get(tensor.name) as Float32Array;
          const { correction1, correction2, epsilon } = adam;
          arena.kernels.adamRows(at(w), at(g), at(m), at(v), at(list), count, width, learningRate / correction1, l2, beta1, 1 - beta1, beta2, 1 - beta2, 1 / correction2, epsilon);
        }
      } else if (!sparse && kind !== 'amsgrad' && this.updateDense(tensor, learningRate, l2, adam)) {
        // Updated by the SIMD kernels.
      } else if (kind === 'sgd') {
        sgdRows(w, g, rows, count, width, learningRate, l2);
      } else {
        const m = this.first.get(tensor.name) as Float32Array;
        const v = this.second.get(tensor.name) as Float32Array;
        const vMax = this.secondMax.get(tensor.name);
        if (vMax === undefined) adamRows(w, g, m, v, rows, count, width, learningRate, l2, adam);
        else amsgradRows(w, g, m, v, vMax, rows, count, width, learningRate, l2, adam);
      }
      touched?.clear();
    }
  }

  /** A whole dense tensor on the SIMD kernels, through the shared scratch; false if unavailable. */
  private updateDense(tensor: NativeTensor, rate: number, l2: number, adam: AdamStep): boolean {
    if (this.options.kind === 'sgd') return updateDenseInScratch(tensor.values, tensor.gradient, undefined, rate, l2);
    const step = {
      stepSize: 1 / adam.correction1,
      beta1: adam.beta1,
      beta2: adam.beta2,
      inverseCorrection2: 1 / adam.correction2,
      epsilon: adam.epsilon,
    };
    const m = this.first.get(tensor.name) as Float32Array;
    const v = this.second.get(tensor.name) as Float32Array;
    return updateDenseInScratch(tensor.values, tensor.gradient, { m, v, step }, rate, l2);
  }

  /** Moments and step count, named `optimizer.*` so they sit beside the parameters in a snapshot. */
  state(): Record<string, Float32Array> {
    const state: Record<string, Float32Array> = { 'optimizer.step': Float32Array.of(this.step) };
    for (const [name, values] of this.first) state[`optimizer.m.${name}`] = values.slice();
    for (const [name, values] of this.second) state[`optimizer.v.${name}`] = values.slice();
    for (const [name, values] of this.secondMax) state[`optimizer.vmax.${name}`] = values.slice();
    return state;
  }

  /** Restores `state()`; missing entries (a snapshot taken with another optimiser) reset to zero. */
  setState(state: Readonly<Record<string, Float32Array>>): void {
    this.step = state['optimizer.step']?.[0] ?? 0;
    const restore = (prefix: string, moments: Map<string, Float32Array>): void => {
      for (const [name, values] of moments) {
        const saved = state[`${prefix}${name}`];
        if (saved !== undefined && saved.length === values.length) values.set(saved);
        else values.fill(0);
      }
    };
    restore('optimizer.m.', this.first);
    restore('optimizer.v.', this.second);
    restore('optimizer.vmax.', this.secondMax);
  }

  copyFrom(other: NativeOptimizer): void {
    this.step = other.step;
    const copy = (to: Map<string, Float32Array>, from: Map<string, Float32Array>): void => {
      for (const [name, values] of to) values.set(from.get(name) as Float32Array);
    };
    copy(this.first, other.first);
    copy(this.second, other.second);
    copy(this.secondMax, other.secondMax);
  }
}

/** Smallest normal float32 (2⁻¹²⁶), and a weight magnitude negligible beside any float32 sum it joins (2⁻⁶⁴). */
const minNormal = 1.1754943508222875e-38;
const negligibleWeight = 5.421010862427522e-20;

/**
 * x, or 0 when its magnitude is under `threshold` (by default: a subnormal float32), as
 * flush-to-zero hardware does. Weights and moments that decay towards 0 (Adam drives the
 * weights of dead units there) would otherwise make their products subnormal, and every later
 * multiply on those ~100× slower. The SIMD kernels flush the same way.
 */
function flush(x: number, threshold = minNormal): number {
  return x < threshold && x > -threshold ? 0 : x;
}

interface AdamStep {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ for this step. */
  correction1: number;
  correction2: number;
}

/** The row list of a dense update: one row starting at 0. */
const wholeTensor = new Int32Array(1);

function clipRows(g: Float32Array, rows: Int32Array, count: number, width: number, clip: number): void {
  for (let i = 0; i < count; i++) {
    const start = rows[i] * width;
    const end = start + width;
    for (let k = start; k < end; k++) g[k] = g[k] > clip ? clip : g[k] < -clip ? -clip : g[k];
  }
}

/** W ← W − η(g + λW) on the rows, zeroing g as it goes (one pass instead of two). */
function sgdRows(w: Float32Array, g: Float32Array, rows: Int32Array, count: number, width: number, rate: number, l2: number): void {
  for (let i = 0; i < count; i++) {
    const start = rows[i] * width;
    const end = start + width;
    for (let k = start; k < end; k++) {
      w[k] = flush(w[k] - rate * (g[k] + l2 * w[k]), negligibleWeight);
      g[k] = 0;
    }
  }
}

function adamRows(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  rows: Int32Array,
  count: number,
  width: number,
  rate: number,
  l2: number,
  step: AdamStep,
): void {
  const { beta1, beta2, epsilon, correction1, correction2 } = step;
  const keep1 = 1 - beta1;
  const keep2 = 1 - beta2;
  for (let i = 0; i < count; i++) {
    const start = rows[i] * width;
    const end = start + width;
    for (let k = start; k < end; k++) {
      const grad = g[k] + l2 * w[k];
      g[k] = 0;
      m[k] = flush(beta1 * m[k] + keep1 * grad);
      v[k] = flush(beta2 * v[k] + keep2 * grad * grad);
      // Moments are read back through float32 as they were stored.
      w[k] = flush(w[k] - (rate * (m[k] / correction1)) / (Math.sqrt(v[k] / correction2) + epsilon), negligibleWeight);
    }
  }
}

function amsgradRows(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  vMax: Float32Array,
  rows: Int32Array,
  count: number,
  width: number,
  rate: number,
  l2: number,
  step: AdamStep,
): void {
  const { beta1, beta2, epsilon, correction1, correction2 } = step;
  for (let i = 0; i < count; i++) {
    const start = rows[i] * width;
    const end = start + width;
    for (let k = start; k < end; k++) {
      const grad = g[k] + l2 * w[k];
      g[k] = 0;
      m[k] = flush(beta1 * m[k] + (1 - beta1) * grad);
      v[k] = flush(beta2 * v[k] + (1 - beta2) * grad * grad);
      if (v[k] > vMax[k]) vMax[k] = v[k];
      w[k] = flush(w[k] - (rate * (m[k] / correction1)) / (Math.sqrt(vMax[k] / correction2) + epsilon), negligibleWeight);
    }
  }
}
