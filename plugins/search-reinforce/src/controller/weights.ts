import { RecsearchError, type Json, type Rng } from '@recsearch/core';
import * as tf from '@tensorflow/tfjs';

export interface WeightSpec {
  name: string;
  shape: number[];
  /** Initial values uniform in ±range. */
  range: number;
}

export type Gradients = Map<string, Float64Array>;
export type WeightTensors = Record<string, tf.Tensor>;

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * The controller's trainable weights, held as plain arrays (row-major): sampling and the native
 * gradient read them directly, and the tfjs twin turns them into tensors inside its own tidy.
 * Initial values come from the component's Rng, never from tfjs's global random state.
 */
export class ControllerWeights {
  private readonly arrays = new Map<string, Float64Array>();
  private changes = 0;

  constructor(readonly specs: readonly WeightSpec[], rng: Rng) {
    for (const spec of specs) {
      const values = new Float64Array(sizeOf(spec.shape));
      for (let i = 0; i < values.length; i++) values[i] = rng.uniform(-spec.range, spec.range);
      this.arrays.set(spec.name, values);
    }
  }

  /** Counts changes to the weights, so that values derived from them know when to recompute. */
  get version(): number {
    return this.changes;
  }

  /** Records that the weights were changed in place. */
  changed(): void {
    this.changes++;
  }

  values(name: string): Float64Array {
    const values = this.arrays.get(name);
    if (!values) throw new RecsearchError(`controller has no weight ${name}`);
    return values;
  }

  names(): string[] {
    return this.specs.map((spec) => spec.name);
  }

  /** Zero-filled arrays shaped like the weights, for accumulating a gradient. */
  zeros(): Gradients {
    return new Map(this.specs.map((spec) => [spec.name, new Float64Array(sizeOf(spec.shape))]));
  }

  /** The weights as float32 tensors; call inside tf.tidy (or dispose them). */
  tensors(): WeightTensors {
    return Object.fromEntries(this.specs.map((spec) => [spec.name, tf.tensor(Float32Array.from(this.values(spec.name)), spec.shape, 'float32')]));
  }

  snapshot(): Json {
    return Object.fromEntries([...this.arrays].map(([name, values]) => [name, Array.from(values)]));
  }

  restore(snapshot: Json): void {
    const saved = snapshot as Record<string, number[]>;
    for (const spec of this.specs) {
      const values = saved[spec.name];
      if (!Array.isArray(values) || values.length !== sizeOf(spec.shape)) {
        throw new RecsearchError(`controller snapshot: weight ${spec.name} is missing or has the wrong size (expected shape ${spec.shape.join('×')})`);
      }
      this.arrays.set(spec.name, Float64Array.from(values));
    }
    this.changed();
  }
}
