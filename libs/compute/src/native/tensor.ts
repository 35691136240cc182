import type { ParameterTensor } from '@recsearch/core';
import type { TensorArena } from './arena';

/** The rows of an embedding table touched since the last update, so an update costs O(batch), not O(table). */
export class RowSet {
  readonly rows: Int32Array;
  count = 0;
  private readonly marked: Uint8Array;

  constructor(capacity: number, arena?: TensorArena) {
    this.rows = arena === undefined ? new Int32Array(capacity) : arena.ints(capacity);
    this.marked = new Uint8Array(capacity);
  }

  add(row: number): void {
    if (this.marked[row] === 0) {
      this.marked[row] = 1;
      this.rows[this.count++] = row;
    }
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) this.marked[this.rows[i]] = 0;
    this.count = 0;
  }
}

/**
 * A trainable Float32Array tensor with its gradient; embedding tables also track touched rows.
 * Given an arena, the arrays are views into the model's wasm memory, where its kernels run.
 */
export class NativeTensor implements ParameterTensor {
  readonly values: Float32Array;
  readonly gradient: Float32Array;
  /** Elements per row (last dimension); 1 for vectors. */
  readonly rowWidth: number;
  readonly touched: RowSet | undefined;

  constructor(
    readonly name: string,
    readonly shape: readonly number[],
    readonly group: number,
    sparseRows = false,
    readonly arena?: TensorArena,
  ) {
    const size = NativeTensor.sizeOf(shape);
    this.values = arena === undefined ? new Float32Array(size) : arena.floats(size);
    this.gradient = arena === undefined ? new Float32Array(size) : arena.floats(size);
    this.rowWidth = shape.length > 1 ? shape[shape.length - 1] : 1;
    this.touched = sparseRows ? new RowSet(shape[0], arena) : undefined;
  }

  static sizeOf(shape: readonly number[]): number {
    return shape.reduce((product, extent) => product * extent, 1);
  }

  get size(): number {
    return this.values.length;
  }

  /** Records that `row` has a gradient (a no-op for dense tensors). */
  markRow(row: number): void {
    this.touched?.add(row);
  }

  /** gradient += scale·values: on the touched rows only when `touchedOnly` (for a table), else everywhere. */
  addScaledValues(scale: number, touchedOnly: boolean): void {
    const { values, gradient, touched } = this;
    if (touched === undefined || !touchedOnly) {
      for (let k = 0; k < values.length; k++) gradient[k] += scale * values[k];
      return;
    }
    const width = this.rowWidth;
    for (let i = 0; i < touched.count; i++) {
      const start = touched.rows[i] * width;
      for (let k = start; k < start + width; k++) gradient[k] += scale * values[k];
    }
  }

  zeroGradient(): void {
    const touched = this.touched;
    if (touched === undefined) {
      this.gradient.fill(0);
      return;
    }
    const width = this.rowWidth;
    for (let i = 0; i < touched.count; i++) {
      const start = touched.rows[i] * width;
      this.gradient.fill(0, start, start + width);
    }
    touched.clear();
  }
}

/** A Float32Array big enough for `size` values, reallocated (doubling) only when it is not. */
export function ensureLength(buffer: Float32Array, size: number): Float32Array {
  return buffer.length >= size ? buffer : new Float32Array(Math.max(size, buffer.length * 2));
}

/**
 * A batch-sized buffer of `width` floats per row: a fixed view (in a model's arena, where its
 * kernels run in place) for batches of up to its rows, a growing heap array for longer ones.
 */
export class BatchBuffer {
  private heap: Float32Array = new Float32Array(0);

  constructor(
    private readonly width: number,
    private readonly fixed?: Float32Array,
  ) {}

  forRows(n: number): Float32Array {
    const size = n * this.width;
    if (this.fixed !== undefined && size <= this.fixed.length) return this.fixed;
    this.heap = ensureLength(this.heap, size);
    return this.heap;
  }
}
