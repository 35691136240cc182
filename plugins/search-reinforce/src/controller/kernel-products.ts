import { Float64Arena } from '@recsearch/compute';

/** The two products of one LSTM kernel K (rows × width, row-major) that sampling and its gradient need. */
export interface KernelProducts {
  /** z[k] += Σ_r x[r]·K[firstRow + r, k], each column summing over r in order from its value. */
  addRowsTimes(x: Float64Array, firstRow: number, z: Float64Array): void;
  /** out[r] = Σ_k K[firstRow + r, k]·dz[k] for r < out.length, each sum over k in order from 0. */
  rowsTimes(firstRow: number, dz: Float64Array, out: Float64Array): void;
}

/** The products in JS loops over `kernel` (Kᵀ made on the first addRowsTimes, into `transposed` when given). */
export function jsKernelProducts(kernel: Float64Array, rows: number, transposed?: Float64Array): KernelProducts {
  let kernelT: Float64Array | undefined;
  return {
    addRowsTimes: (x, firstRow, z) => {
      kernelT ??= transposeKernel(kernel, rows, transposed);
      addTransposedProduct(x, kernelT, rows, firstRow, z);
    },
    rowsTimes: (firstRow, dz, out) => kernelRowsTimes(kernel, firstRow, dz, out),
  };
}

/**
 * The products on the wasm SIMD kernel: K and Kᵀ copied into an arena once per weight change
 * (`load`), the vectors in and out per call. The same sums in the same order as the JS loops,
 * so the same values to the bit.
 */
export class WasmKernelProducts implements KernelProducts {
  private readonly kernelAt: number;
  private readonly transposedAt: number;
  private readonly vectorAt: number;
  private readonly resultAt: number;

  constructor(private readonly arena: Float64Arena, private readonly rows: number, private readonly width: number) {
    this.kernelAt = arena.allocate(rows * width);
    this.transposedAt = arena.allocate(rows * width);
    this.vectorAt = arena.allocate(Math.max(rows, width));
    this.resultAt = arena.allocate(Math.max(rows, width));
  }

  /** Takes the kernel's current values. */
  load(kernel: Float64Array): this {
    const values = this.arena.values;
    values.set(kernel, this.kernelAt);
    transposeKernel(kernel, this.rows, values.subarray(this.transposedAt, this.transposedAt + kernel.length));
    return this;
  }

  addRowsTimes(x: Float64Array, firstRow: number, z: Float64Array): void {
    const { arena, width, vectorAt, resultAt } = this;
    const values = arena.values;
    values.set(x, vectorAt);
    values.set(z, resultAt);
    arena.addScaledRows(vectorAt, 1, this.kernelAt + firstRow * width, width, x.length, resultAt, width);
    z.set(values.subarray(resultAt, resultAt + width));
  }

  rowsTimes(firstRow: number, dz: Float64Array, out: Float64Array): void {
    const { arena, rows, vectorAt, resultAt } = this;
    const values = arena.values;
    values.set(dz, vectorAt);
    values.fill(0, resultAt, resultAt + out.length);
    arena.addScaledRows(vectorAt, 1, this.transposedAt + firstRow, rows, dz.length, resultAt, out.length);
    out.set(values.subarray(resultAt, resultAt + out.length));
  }
}

/** Kᵀ of a row-major rows × width kernel: entry (r, k) at k·rows + r. */
export function transposeKernel(kernel: Float64Array, rows: number, out: Float64Array = new Float64Array(kernel.length)): Float64Array {
  const width = kernel.length / rows;
  for (let r = 0; r < rows; r++) for (let k = 0; k < width; k++) out[k * rows + r] = kernel[r * width + k];
  return out;
}

/**
 * z[k] += Σ_r x[r]·K[firstRow + r, k] from Kᵀ, four columns at a time (each column's sum still
 * runs over r in order, so it equals the row-by-row form; zero rows add a zero).
 */
function addTransposedProduct(x: Float64Array, kernelT: Float64Array, rows: number, firstRow: number, z: Float64Array): void {
  const width = z.length;
  const n = x.length;
  let k = 0;
  for (; k + 3 < width; k += 4) {
    const o0 = k * rows + firstRow;
    const o1 = o0 + rows;
    const o2 = o1 + rows;
    const o3 = o2 + rows;
    let a0 = z[k];
    let a1 = z[k + 1];
    let a2 = z[k + 2];
    let a3 = z[k + 3];
    for (let r = 0; r < n; r++) {
      const v = x[r];
      a0 += v * kernelT[o0 + r];
      a1 += v * kernelT[o1 + r];
      a2 += v * kernelT[o2 + r];
      a3 += v * kernelT[o3 + r];
    }
    z[k] = a0;
    z[k + 1] = a1;
    z[k + 2] = a2;
    z[k + 3] = a3;
  }
  for (; k < width; k++) {
    let a = z[k];
    for (let r = 0, o = k * rows + firstRow; r < n; r++, o++) a += x[r] * kernelT[o];
    z[k] = a;
  }
}

/** out[r] = Σ_k kernel[firstRow + r, k]·dz[k], for r < out.length; four rows at a time, each sum over k in order. */
function kernelRowsTimes(kernel: Float64Array, firstRow: number, dz: Float64Array, out: Float64Array): void {
  const width = dz.length;
  const rows = out.length;
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const o0 = (firstRow + r) * width;
    const o1 = o0 + width;
    const o2 = o1 + width;
    const o3 = o2 + width;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let k = 0; k < width; k++) {
      const d = dz[k];
      a0 += kernel[o0 + k] * d;
      a1 += kernel[o1 + k] * d;
      a2 += kernel[o2 + k] * d;
      a3 += kernel[o3 + k] * d;
    }
    out[r] = a0;
    out[r + 1] = a1;
    out[r + 2] = a2;
    out[r + 3] = a3;
  }
  for (; r < rows; r++) {
    let back = 0;
    for (let k = 0, offset = (firstRow + r) * width; k < width; k++, offset++) back += kernel[offset] * dz[k];
    out[r] = back;
  }
}
