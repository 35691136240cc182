import { resolveOptimizerOptions, type OptimizerOptions } from './optimizer';
import { fusedMultiplyAddEnabled, instantiateKernels, type NativeKernels } from './wasm/kernels';

const align = (bytes: number): number => (bytes + 15) & ~15;

/** Counts the bytes of a model's arrays before the arena is made (a wasm memory cannot move its views). */
export class ArenaPlan {
  bytes = 0;

  floats(size: number): this {
    this.bytes += align(size * 4);
    return this;
  }

  ints(size: number): this {
    this.bytes += align(size * 4);
    return this;
  }

  /**
   * Room for trainable tensors in the arena: values, gradient and the optimiser's moments of
   * each, plus a touched-row list for each sparse one (`rows` > 0).
   */
  tensors(shapes: ReadonlyArray<{ size: number; rows: number }>, optimizer: OptimizerOptions | undefined): this {
    const kind = resolveOptimizerOptions(optimizer).kind;
    const copies = 2 + (kind === 'sgd' ? 0 : kind === 'adam' ? 2 : 3);
    for (const { size, rows } of shapes) {
      for (let copy = 0; copy < copies; copy++) this.floats(size);
      if (rows > 0) this.ints(rows);
    }
    return this;
  }
}

/** Released arenas by kernel variant and size, for the next model of that size. */
const releasedArenas = new Map<string, TensorArena[]>();
/** Arenas kept per kernel variant and size: searches drop and make models of one size in turn. */
const keptPerSize = 4;
/** Bytes all kept arenas may hold together, so dropped large models do not pin their memory. */
const keptBytesLimit = 64 * 2 ** 20;
let keptBytes = 0;

/**
 * A model's own wasm memory with the SIMD kernels bound to it: its tables, gradients, moments and
 * batch buffers are Float32Array/Int32Array views into it, so the kernels run on them in place.
 * Sized once and never grown (growing would detach every view). A released arena (its model
 * disposed) serves the next model of the same size, zeroed: making a memory and its kernel
 * instance, and first touching its pages, cost more than the rest of a clone.
 */
export class TensorArena {
  private used = 0;
  private released = false;
  /** The row list [0]: a dense tensor updated as one row by the row kernels. */
  readonly wholeTensor: Int32Array;

  private constructor(
    readonly kernels: NativeKernels,
    private readonly buffer: ArrayBuffer,
    private readonly key: string,
  ) {
    this.wholeTensor = this.ints(1);
  }

  /** An arena of the planned size, or undefined where wasm SIMD is unavailable or turned off. */
  static create(plan: ArenaPlan): TensorArena | undefined {
    // Room for wholeTensor too.
    const bytes = plan.bytes + 16;
    const key = `${fusedMultiplyAddEnabled()} ${bytes}`;
    const reused = releasedArenas.get(key)?.pop();
    if (reused !== undefined) {
      keptBytes -= reused.buffer.byteLength;
      return reused.reset();
    }
    const instance = instantiateKernels(bytes);
    return instance === undefined ? undefined : new TensorArena(instance.kernels, instance.memory.buffer, key);
  }

  /** Hands the arena back for the next model of its size; its owner must not touch its views again. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const kept = releasedArenas.get(this.key) ?? [];
    if (kept.length >= keptPerSize || keptBytes + this.buffer.byteLength > keptBytesLimit) return;
    kept.push(this);
    keptBytes += this.buffer.byteLength;
    releasedArenas.set(this.key, kept);
  }

  /** As new: zeroed, nothing taken but wholeTensor (whose row index is the 0 just written). */
  private reset(): this {
    new Uint8Array(this.buffer, 0, this.used).fill(0);
    this.used = this.wholeTensor.byteOffset + align(this.wholeTensor.byteLength);
    this.released = false;
    return this;
  }

  floats(size: number): Float32Array {
    return new Float32Array(this.buffer, this.take(size * 4), size);
  }

  /** Byte offset of `array` in this arena, or -1 when it lives elsewhere. */
  offsetOf(array: ArrayBufferView): number {
    return array.buffer === this.buffer ? array.byteOffset : -1;
  }

  ints(size: number): Int32Array {
    return new Int32Array(this.buffer, this.take(size * 4), size);
  }

  private take(bytes: number): number {
    const at = this.used;
    this.used += align(bytes);
    if (this.used > this.buffer.byteLength) throw new RangeError(`tensor arena of ${this.buffer.byteLength} bytes is full`);
    return at;
  }
}
