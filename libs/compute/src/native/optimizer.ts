import type { GroupSettings } from '@recsearch/core';
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
 * tables Adam is "lazy": only touched rows move and update their moments.
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
        this.first.set(tensor.name, new Float32Array(tensor.size));
        this.second.set(tensor.name, new Float32Array(tensor.size));
        if (this.options.kind === 'amsgrad') this.secondMax.set(tensor.name, new Float32Array(tensor.size));
      }
    }
  }

  apply(tensors: readonly NativeTensor[], settings: readonly GroupSettings[]): void {
    this.step++;
    for (const tensor of tensors) {
      const { learningRate, l2 } = settings[tensor.group];
      const touched = tensor.touched;
      if (touched !== undefined && this.options.embeddingDecay === 'touched') {
        const width = tensor.rowWidth;
        const rows = touched.rows;
        for (let i = 0; i < touched.count; i++) {
          const start = rows[i] * width;
          this.update(tensor, learningRate, l2, start, start + width);
        }
      } else {
        this.update(tensor, learningRate, l2, 0, tensor.size);
      }
      touched?.clear();
    }
  }

  /** Updates elements [start, end) and zeroes their gradient. */
  private update(tensor: NativeTensor, rate: number, l2: number, start: number, end: number): void {
    const w = tensor.values;
    const g = tensor.gradient;
    const clip = this.options.clipValue;
    if (clip !== Infinity) {
      for (let k = start; k < end; k++) g[k] = g[k] > clip ? clip : g[k] < -clip ? -clip : g[k];
    }
    if (this.options.kind === 'sgd') {
      sgdRange(w, g, rate, l2, start, end);
      return;
    }
    const { beta1, beta2, epsilon } = this.options;
    const m = this.first.get(tensor.name) as Float32Array;
    const v = this.second.get(tensor.name) as Float32Array;
    const vMax = this.secondMax.get(tensor.name);
    const correction1 = 1 - Math.pow(beta1, this.step);
    const correction2 = 1 - Math.pow(beta2, this.step);
    for (let k = start; k < end; k++) {
      const grad = g[k] + l2 * w[k];
      g[k] = 0;
      m[k] = beta1 * m[k] + (1 - beta1) * grad;
      v[k] = beta2 * v[k] + (1 - beta2) * grad * grad;
      let second = v[k];
      if (vMax !== undefined) {
        if (second > vMax[k]) vMax[k] = second;
        second = vMax[k];
      }
      w[k] -= (rate * (m[k] / correction1)) / (Math.sqrt(second / correction2) + epsilon);
    }
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

/** W ← W − η(g + λW) on [start, end), zeroing g as it goes (one pass instead of two). */
function sgdRange(w: Float32Array, g: Float32Array, rate: number, l2: number, start: number, end: number): void {
  for (let k = start; k < end; k++) {
    w[k] -= rate * (g[k] + l2 * w[k]);
    g[k] = 0;
  }
}
