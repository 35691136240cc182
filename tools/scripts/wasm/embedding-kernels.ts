import { atLeast, i32, increment, join, op, whileNot, type Bytes, type KernelFunction } from './encoder';

/**
 * Row copies between an embedding table and columns [offset, offset + width) of a batch matrix
 * whose rows are `stride` bytes apart: f32x4 steps, then single floats.
 */
function rowKernel(name: string, scatter: boolean): KernelFunction {
  const [table, indices, n, width, matrix, stride, offset] = [0, 1, 2, 3, 4, 5, 6];
  const [r, tableRow, matrixRow, k, rowBytes, vectorBytes] = [7, 8, 9, 10, 11, 12];
  const tableAt = join(op.get(tableRow), op.get(k), op.add);
  const matrixAt = join(op.get(matrixRow), op.get(k), op.add);
  const step = (load: (offset: number) => Bytes, store: (offset: number) => Bytes, add: Bytes): Bytes =>
    scatter ? join(tableAt, tableAt, load(0), matrixAt, load(0), add, store(0)) : join(matrixAt, tableAt, load(0), store(0));
  const body = join(
    join(op.get(width), op.const(4), op.mul, op.set(rowBytes)),
    join(op.get(width), op.const(-4), op.and, op.const(4), op.mul, op.set(vectorBytes)),
    op.const(0),
    op.set(r),
    whileNot(
      atLeast(r, op.get(n)),
      join(op.get(table), op.get(indices), op.get(r), op.const(4), op.mul, op.add, op.i32Load(0), op.get(rowBytes), op.mul, op.add, op.set(tableRow)),
      join(op.get(matrix), op.get(r), op.get(stride), op.mul, op.add, op.get(offset), op.add, op.set(matrixRow)),
      op.const(0),
      op.set(k),
      whileNot(atLeast(k, op.get(vectorBytes)), step(op.v128Load, op.v128Store, op.vAdd), increment(k, 16)),
      whileNot(atLeast(k, op.get(rowBytes)), step(op.f32Load, op.f32Store, op.f32Add), increment(k, 4)),
      increment(r, 1),
    ),
  );
  return { name, params: new Array<number>(7).fill(i32), locals: new Array<number>(6).fill(i32), body };
}

/** gatherRows(table, indices, n, width, matrix, stride, offset): matrix row r ← table row indices[r]. */
export const gatherRows = (): KernelFunction => rowKernel('gatherRows', false);

/** scatterAddRows(table, indices, n, width, matrix, stride, offset): table row indices[r] += matrix row r. */
export const scatterAddRows = (): KernelFunction => rowKernel('scatterAddRows', true);
