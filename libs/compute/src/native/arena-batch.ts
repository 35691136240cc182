import type { ArenaPlan, TensorArena } from './arena';
import type { NativeTensor } from './tensor';

/** An embedding table feeding columns [offset, offset + table.rowWidth) of a batch matrix. */
export interface TableColumns {
  table: NativeTensor;
  by: 'users' | 'items';
  offset: number;
}

/**
 * Batch buffers in a model's arena for the embedding kernels: gathers table rows into a
 * `stride`-wide batch matrix and scatter-adds its gradient back, in chunks of `rows` rows, so
 * the row copies run on SIMD instead of scalar loops. The tables must live in the same arena.
 */
export class ArenaBatch {
  static readonly rows = 1024;
  private readonly users: Int32Array;
  private readonly items: Int32Array;
  private readonly matrix: Float32Array;

  constructor(
    private readonly arena: TensorArena,
    private readonly stride: number,
  ) {
    this.users = arena.ints(ArenaBatch.rows);
    this.items = arena.ints(ArenaBatch.rows);
    this.matrix = arena.floats(ArenaBatch.rows * stride);
  }

  static plan(plan: ArenaPlan, stride: number): ArenaPlan {
    return plan.ints(ArenaBatch.rows).ints(ArenaBatch.rows).floats(ArenaBatch.rows * stride);
  }

  /** out[r, columns] ← table rows of the batch's users/items, for r < n (in place when `out` is in the arena). */
  gather(columns: readonly TableColumns[], users: Int32Array, items: Int32Array, n: number, out: Float32Array): void {
    const { stride, matrix } = this;
    const outAt = this.arena.offsetOf(out);
    for (let start = 0; start < n; start += ArenaBatch.rows) {
      const rows = this.load(users, items, start, n);
      const at = outAt < 0 ? matrix.byteOffset : outAt + start * stride * 4;
      for (const { table, by, offset } of columns) {
        const indices = by === 'users' ? this.users : this.items;
        this.arena.kernels.gatherRows(table.values.byteOffset, indices.byteOffset, rows, table.rowWidth, at, stride * 4, offset * 4);
      }
      if (outAt < 0) out.set(matrix.subarray(0, rows * stride), start * stride);
    }
  }

  /** Table gradient rows of the batch's users/items += gradient[r, columns], marking the rows touched. */
  scatterAdd(columns: readonly TableColumns[], users: Int32Array, items: Int32Array, n: number, gradient: Float32Array): void {
    const { stride, matrix } = this;
    const gradientAt = this.arena.offsetOf(gradient);
    for (let start = 0; start < n; start += ArenaBatch.rows) {
      const rows = this.load(users, items, start, n);
      if (gradientAt < 0) matrix.set(gradient.subarray(start * stride, (start + rows) * stride));
      const at = gradientAt < 0 ? matrix.byteOffset : gradientAt + start * stride * 4;
      for (const { table, by, offset } of columns) {
        const indices = by === 'users' ? this.users : this.items;
        this.arena.kernels.scatterAddRows(table.gradient.byteOffset, indices.byteOffset, rows, table.rowWidth, at, stride * 4, offset * 4);
        for (let r = 0; r < rows; r++) table.markRow(indices[r]);
      }
    }
  }

  private load(users: Int32Array, items: Int32Array, start: number, n: number): number {
    const rows = Math.min(ArenaBatch.rows, n - start);
    for (let r = 0; r < rows; r++) {
      this.users[r] = users[start + r];
      this.items[r] = items[start + r];
    }
    return rows;
  }
}
