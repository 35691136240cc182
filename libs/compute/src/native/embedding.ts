import type { NativeTensor } from './tensor';

/** Copies table rows `indices[r]` into columns [offset, offset + width) of an n-row matrix with `stride` columns. */
export function gatherRows(
  table: NativeTensor,
  indices: Int32Array,
  n: number,
  out: Float32Array,
  stride: number,
  offset: number,
): void {
  const width = table.rowWidth;
  const values = table.values;
  for (let r = 0; r < n; r++) {
    const from = indices[r] * width;
    const to = r * stride + offset;
    for (let k = 0; k < width; k++) out[to + k] = values[from + k];
  }
}

/** Adds columns [offset, offset + width) of an n-row gradient matrix into the rows `indices[r]` of the table's gradient. */
export function scatterAddRows(
  table: NativeTensor,
  indices: Int32Array,
  n: number,
  gradient: Float32Array,
  stride: number,
  offset: number,
): void {
  const width = table.rowWidth;
  const g = table.gradient;
  for (let r = 0; r < n; r++) {
    const row = indices[r];
    const to = row * width;
    const from = r * stride + offset;
    for (let k = 0; k < width; k++) g[to + k] += gradient[from + k];
    table.markRow(row);
  }
}
