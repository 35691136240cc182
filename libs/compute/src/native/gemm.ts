import type { TensorArena } from './arena';
import { fusedMultiplyAddEnabled, simdEnabled, type NativeKernels } from './wasm/kernels';
import { alignBytes, scratch, type Scratch } from './wasm/scratch';

/**
 * C (+)= op(A) · op(B) on row-major Float32Arrays: op(A) is m × depth (A is stored depth × m when
 * `transposeA`), op(B) is depth × n (stored n × depth when `transposeB`), C is m × n.
 */
export type Gemm = (
  m: number,
  n: number,
  depth: number,
  a: Float32Array,
  transposeA: boolean,
  b: Float32Array,
  transposeB: boolean,
  c: Float32Array,
  accumulate: boolean,
  /** A hint: A has many zeros (after a ReLU or dropout), worth skipping. Default true. */
  skipZeros?: boolean,
) => void;

/** Plain loops, the inner one running along contiguous rows of B and C. */
export const gemmLoops: Gemm = (m, n, depth, a, transposeA, b, transposeB, c, accumulate) => {
  if (transposeB) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = accumulate ? c[i * n + j] : 0;
        for (let k = 0; k < depth; k++) sum += (transposeA ? a[k * m + i] : a[i * depth + k]) * b[j * depth + k];
        c[i * n + j] = sum;
      }
    }
    return;
  }
  if (n === 1) {
    // A matrix-vector product (the output layer): one dot product per row.
    for (let i = 0; i < m; i++) {
      let sum = accumulate ? c[i] : 0;
      for (let k = 0; k < depth; k++) sum += (transposeA ? a[k * m + i] : a[i * depth + k]) * b[k];
      c[i] = sum;
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const row = i * n;
    if (!accumulate) for (let j = 0; j < n; j++) c[row + j] = 0;
    for (let k = 0; k < depth; k++) {
      const scale = transposeA ? a[k * m + i] : a[i * depth + k];
      const from = k * n;
      for (let j = 0; j < n; j++) c[row + j] += scale * b[from + j];
    }
  }
};

/**
 * The WebAssembly SIMD kernel in the shared scratch: operands are copied in (B transposed by a
 * kernel when asked), C copied out. The copies are O(m·depth + depth·n + m·n) against the
 * O(m·n·depth) product.
 */
function wasmGemm(work: Scratch): Gemm {
  const kernels = work.kernels;
  const product: Gemm = (m, n, depth, a, transposeA, b, transposeB, c, accumulate, skipZeros = true) => {
    // Rows of A (and C) in chunks, so predicting a long batch does not grow the scratch with it.
    if (!transposeA && m > chunkRows) {
      for (let start = 0; start < m; start += chunkRows) {
        const rows = Math.min(chunkRows, m - start);
        const part = c.subarray(start * n, (start + rows) * n);
        product(rows, n, depth, a.subarray(start * depth, (start + rows) * depth), false, b, transposeB, part, accumulate, skipZeros);
      }
      return;
    }
    const aBytes = alignBytes(m * depth * 4);
    const bBytes = alignBytes(depth * n * 4);
    const cBytes = alignBytes(m * n * 4);
    const bAt = aBytes;
    const cAt = aBytes + bBytes;
    // B as stored goes past C when it has to be transposed first; the kernel's list after that.
    const listAt = cAt + cBytes + bBytes;
    work.reserve(listAt + depth * 8);
    work.put(a, m * depth, 0);
    if (transposeB) {
      work.put(b, depth * n, cAt + cBytes);
      kernels.transpose(cAt + cBytes, bAt, n, depth);
    } else {
      work.put(b, depth * n, bAt);
    }
    if (accumulate) work.put(c, m * n, cAt);
    runProduct(kernels, skipZeros, 0, transposeA, bAt, cAt, m, depth, n, accumulate, listAt);
    work.take(cAt, m * n, c);
  };
  return product;
}

/** The product on operands already in the kernels' memory (byte offsets; B row-major depth × n). */
function runProduct(kernels: NativeKernels, skipZeros: boolean, a: number, transposeA: boolean, b: number, c: number, m: number, depth: number, n: number, accumulate: boolean, list: number): void {
  const [rowStride, depthStride] = transposeA ? [4, m * 4] : [depth * 4, 4];
  const add = accumulate ? 1 : 0;
  if (skipZeros) {
    kernels.gemm(a, rowStride, depthStride, b, c, m, depth, n, add, list);
    return;
  }
  // Two rows at a time share each load of B; an odd last row goes alone.
  const paired = m & ~1;
  if (paired > 0) kernels.gemmPairs(a, rowStride, depthStride, b, c, paired, depth, n, add, list);
  if (paired < m) kernels.gemmDense(a + paired * rowStride, rowStride, depthStride, b, c + paired * n * 4, 1, depth, n, add, list);
}

/** Room in a model's arena for an in-place product's transposed B and row list. */
export interface GemmSpace {
  transposed: Float32Array;
  list: Int32Array;
}

/**
 * The product in place when A, B and C all live in `arena` (its kernels run on them with no
 * copies) and `space` has room; false, doing nothing, otherwise. Same arguments as Gemm.
 */
export function gemmInArena(arena: TensorArena, space: GemmSpace, ...[m, n, depth, a, transposeA, b, transposeB, c, accumulate, skipZeros = true]: Parameters<Gemm>): boolean {
  const [aAt, bAt, cAt] = [arena.offsetOf(a), arena.offsetOf(b), arena.offsetOf(c)];
  if (n < 4 || aAt < 0 || bAt < 0 || cAt < 0 || space.list.length < 2 * depth || (transposeB && space.transposed.length < depth * n)) return false;
  let rows = bAt;
  if (transposeB) {
    rows = space.transposed.byteOffset;
    arena.kernels.transpose(bAt, rows, n, depth);
  }
  runProduct(arena.kernels, skipZeros, aAt, transposeA, rows, cAt, m, depth, n, accumulate, space.list.byteOffset);
  return true;
}

const chunkRows = 4096;

/** The chosen gemm per kernel variant (plain or relaxed-SIMD multiply-adds). */
const chosen = new Map<boolean, Gemm>();

/** The fastest available gemm: wasm SIMD where the runtime has it (and it is enabled), else the plain loops. */
export function gemm(): Gemm {
  if (!simdEnabled()) return gemmLoops;
  const fused = fusedMultiplyAddEnabled();
  let product = chosen.get(fused);
  if (product === undefined) {
    product = selectGemm();
    chosen.set(fused, product);
  }
  return product;
}

function selectGemm(): Gemm {
  const work = scratch();
  if (work === undefined) return gemmLoops;
  const simd = wasmGemm(work);
  // Narrow products (the output layer's single column) do not pay for the copies.
  return (m, n, depth, a, transposeA, b, transposeB, c, accumulate, skipZeros) =>
    (n < 4 ? gemmLoops : simd)(m, n, depth, a, transposeA, b, transposeB, c, accumulate, skipZeros);
}
