import type { TensorArena } from './arena';
import { alignBytes, scratch } from './wasm/scratch';

/**
 * Hidden-layer element-wise steps on the wasm SIMD kernels: in place when every array lives in
 * the given model arena, else copied into the shared scratch and back. Each returns false,
 * doing nothing, when the kernels are unavailable or the width is not a multiple of 4; the
 * caller then runs its plain loops.
 */

/** The byte offsets of arrays that all live in `arena`, or undefined. */
function offsetsIn(arena: TensorArena | undefined, ...arrays: ArrayBufferView[]): number[] | undefined {
  if (arena === undefined) return undefined;
  const offsets = arrays.map((array) => arena.offsetOf(array));
  return offsets.includes(-1) ? undefined : offsets;
}

const chunkRows = 4096;

/** Column means and biased variances of x (n × w) into mean and variance (float32, w each). */
export function batchStatistics(x: Float32Array, n: number, w: number, mean: Float32Array, variance: Float32Array, arena?: TensorArena): boolean {
  if (w % 4 !== 0) return false;
  const inArena = offsetsIn(arena, x, mean, variance);
  if (arena !== undefined && inArena !== undefined) {
    const [xAt, meanAt, varianceAt] = inArena;
    arena.kernels.bnStats(xAt, n, w, meanAt, varianceAt);
    return true;
  }
  const work = scratch();
  if (work === undefined) return false;
  const xBytes = alignBytes(n * w * 4);
  const columnBytes = alignBytes(w * 4);
  work.reserve(xBytes + 2 * columnBytes);
  work.put(x, n * w, 0);
  work.kernels.bnStats(0, n, w, xBytes, xBytes + columnBytes);
  work.take(xBytes, w, mean);
  work.take(xBytes + columnBytes, w, variance);
  return true;
}

/** x̂ = (x − mean)·inverseStd and y = γx̂ + β, row by row (x and y may be one array). */
export function normalise(
  x: Float32Array,
  n: number,
  w: number,
  columns: { mean: Float32Array; inverseStd: Float32Array; gamma: Float32Array; beta: Float32Array },
  xhat: Float32Array,
  y: Float32Array,
  arena?: TensorArena,
): boolean {
  if (w % 4 !== 0) return false;
  const inArena = offsetsIn(arena, x, xhat, y, columns.mean, columns.inverseStd, columns.gamma, columns.beta);
  if (arena !== undefined && inArena !== undefined) {
    const [xAt, xhatAt, yAt, ...columnsAt] = inArena;
    arena.kernels.bnNormalize(xAt, xhatAt, yAt, n, w, columnsAt[0], columnsAt[1], columnsAt[2], columnsAt[3]);
    return true;
  }
  const work = scratch();
  if (work === undefined) return false;
  // Rows in chunks, so normalising a long evaluation batch does not grow the scratch with it.
  if (n > chunkRows) {
    for (let start = 0; start < n; start += chunkRows) {
      const rows = Math.min(chunkRows, n - start);
      const part = (values: Float32Array): Float32Array => values.subarray(start * w, (start + rows) * w);
      normalise(part(x), rows, w, columns, part(xhat), part(y), arena);
    }
    return true;
  }
  const matrixBytes = alignBytes(n * w * 4);
  const columnBytes = alignBytes(w * 4);
  const columnsAt = 3 * matrixBytes;
  work.reserve(columnsAt + 4 * columnBytes);
  work.put(x, n * w, 0);
  work.put(columns.mean, w, columnsAt);
  work.put(columns.inverseStd, w, columnsAt + columnBytes);
  work.put(columns.gamma, w, columnsAt + 2 * columnBytes);
  work.put(columns.beta, w, columnsAt + 3 * columnBytes);
  const at = (index: number): number => columnsAt + index * columnBytes;
  work.kernels.bnNormalize(0, matrixBytes, 2 * matrixBytes, n, w, at(0), at(1), at(2), at(3));
  work.take(matrixBytes, n * w, xhat);
  work.take(2 * matrixBytes, n * w, y);
  return true;
}

/**
 * Training-mode batch-norm backward: sums Σdy and Σdy·x̂ per column (returned in sumDy and
 * sumDyXhat) and dx = scale·(n·dy − Σdy − x̂·Σdy·x̂), scale = γ·inverseStd / n per column.
 */
export function batchNormBackward(
  dy: Float32Array,
  xhat: Float32Array,
  n: number,
  w: number,
  scale: Float32Array,
  sums: { sumDy: Float32Array; sumDyXhat: Float32Array },
  dx: Float32Array,
  arena?: TensorArena,
): boolean {
  if (w % 4 !== 0) return false;
  const inArena = offsetsIn(arena, dy, xhat, dx, scale, sums.sumDy, sums.sumDyXhat);
  if (arena !== undefined && inArena !== undefined) {
    const [dyAt, xhatAt, dxAt, scaleAt, sumDyAt, sumDyXhatAt] = inArena;
    arena.kernels.bnBackward(dyAt, xhatAt, dxAt, n, w, scaleAt, sumDyAt, sumDyXhatAt);
    return true;
  }
  const work = scratch();
  if (work === undefined) return false;
  const matrixBytes = alignBytes(n * w * 4);
  const columnBytes = alignBytes(w * 4);
  const columnsAt = 3 * matrixBytes;
  work.reserve(columnsAt + 3 * columnBytes);
  work.put(dy, n * w, 0);
  work.put(xhat, n * w, matrixBytes);
  work.put(scale, w, columnsAt);
  work.kernels.bnBackward(0, matrixBytes, 2 * matrixBytes, n, w, columnsAt, columnsAt + columnBytes, columnsAt + 2 * columnBytes);
  work.take(2 * matrixBytes, n * w, dx);
  work.take(columnsAt + columnBytes, w, sums.sumDy);
  work.take(columnsAt + 2 * columnBytes, w, sums.sumDyXhat);
  return true;
}

/** output = max(linear, 0)·mask over `size` floats. */
export function reluDropoutSimd(linear: Float32Array, mask: Float32Array, output: Float32Array, size: number, arena?: TensorArena): boolean {
  if (size % 4 !== 0) return false;
  const inArena = offsetsIn(arena, linear, mask, output);
  if (arena !== undefined && inArena !== undefined) {
    arena.kernels.reluDropout(inArena[0], inArena[1], inArena[2], size);
    return true;
  }
  const work = scratch();
  if (work === undefined) return false;
  const bytes = alignBytes(size * 4);
  work.reserve(3 * bytes);
  work.put(linear, size, 0);
  work.put(mask, size, bytes);
  work.kernels.reluDropout(0, bytes, 2 * bytes, size);
  work.take(2 * bytes, size, output);
  return true;
}

/** g = linear > 0 ? dy·mask : 0 over `size` floats. */
export function reluDropoutGradientSimd(linear: Float32Array, mask: Float32Array, dy: Float32Array, g: Float32Array, size: number, arena?: TensorArena): boolean {
  if (size % 4 !== 0) return false;
  const inArena = offsetsIn(arena, linear, mask, dy, g);
  if (arena !== undefined && inArena !== undefined) {
    arena.kernels.reluDropoutGradient(inArena[0], inArena[1], inArena[2], inArena[3], size);
    return true;
  }
  const work = scratch();
  if (work === undefined) return false;
  const bytes = alignBytes(size * 4);
  work.reserve(4 * bytes);
  work.put(linear, size, 0);
  work.put(mask, size, bytes);
  work.put(dy, size, 2 * bytes);
  work.kernels.reluDropoutGradient(0, bytes, 2 * bytes, 3 * bytes, size);
  work.take(3 * bytes, size, g);
  return true;
}
