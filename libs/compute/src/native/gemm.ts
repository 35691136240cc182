import { GemmHelper } from './wasm/gemm-helper';
import { fusedMultiplyAddEnabled, instantiateSharedGemms, nativeThreads, simdEnabled, wasmPageBytes, type GemmKernels } from './wasm/kernels';
import { alignBytes, Scratch, scratch } from './wasm/scratch';

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
 * The WebAssembly SIMD kernel in a scratch memory: operands are copied in (B transposed by a
 * kernel when asked), C copied out. The copies are O(m·depth + depth·n + m·n) against the
 * O(m·n·depth) product. With a helper thread, a large product's lower rows are the helper's.
 */
function wasmGemm(work: Scratch<GemmKernels>, helper?: GemmHelper): Gemm {
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
    // B as stored goes past C when it has to be transposed first; the kernels' lists after that.
    const listAt = cAt + cBytes + bBytes;
    work.reserve(listAt + 2 * depth * 8);
    work.put(a, m * depth, 0);
    if (transposeB) {
      work.put(b, depth * n, cAt + cBytes);
      kernels.transpose(cAt + cBytes, bAt, n, depth);
    } else {
      work.put(b, depth * n, bAt);
    }
    if (accumulate) work.put(c, m * n, cAt);
    const [rowStride, depthStride] = transposeA ? [4, m * 4] : [depth * 4, 4];
    const add = accumulate ? 1 : 0;
    // The helper takes rows [own, m): an even split point keeps gemmPairs' pairs whole.
    const shared = helper !== undefined && m >= 16 && m * n * depth >= splitMultiplyAdds && helper.ready;
    const own = shared ? (m >> 2) << 1 : m;
    if (shared) helper.start(skipZeros, own * rowStride, rowStride, depthStride, bAt, cAt + own * n * 4, m - own, depth, n, add, listAt + depth * 8);
    productRows(kernels, skipZeros, 0, rowStride, depthStride, bAt, cAt, own, depth, n, add, listAt);
    if (shared) helper.finish();
    work.take(cAt, m * n, c);
  };
  return product;
}

/** Rows [0, m) of the product in the scratch: gemm's arguments, and which kernel (see GemmHelper). */
function productRows(kernels: GemmKernels, skipZeros: boolean, a: number, aRow: number, aDepth: number, b: number, c: number, m: number, depth: number, n: number, add: number, list: number): void {
  if (skipZeros) {
    kernels.gemm(a, aRow, aDepth, b, c, m, depth, n, add, list);
    return;
  }
  // Two rows at a time share each load of B; an odd last row goes alone.
  const paired = m & ~1;
  if (paired > 0) kernels.gemmPairs(a, aRow, aDepth, b, c, paired, depth, n, add, list);
  if (paired < m) kernels.gemmDense(a + paired * aRow, aRow, aDepth, b, c + paired * n * 4, 1, depth, n, add, list);
}

const chunkRows = 4096;
/** Products below this many multiply-adds are not worth a hand-off to the helper thread. */
const splitMultiplyAdds = 1 << 16;

/** The chosen gemm per kernel variant (plain or relaxed-SIMD multiply-adds) and thread count. */
const chosen = new Map<string, Gemm>();

/** The fastest available gemm: wasm SIMD where the runtime has it (and it is enabled), else the plain loops. */
export function gemm(): Gemm {
  if (!simdEnabled()) return gemmLoops;
  const key = `${fusedMultiplyAddEnabled()} ${nativeThreads()}`;
  let product = chosen.get(key);
  if (product === undefined) {
    product = selectGemm(nativeThreads());
    chosen.set(key, product);
  }
  return product;
}

function selectGemm(threads: number): Gemm {
  const simd = threads > 1 ? helpedGemm() : undefined;
  const work = scratch();
  const single = simd ?? (work === undefined ? undefined : wasmGemm(work));
  if (single === undefined) return gemmLoops;
  // Narrow products (the output layer's single column) do not pay for the copies.
  return (m, n, depth, a, transposeA, b, transposeB, c, accumulate, skipZeros) =>
    (n < 4 ? gemmLoops : single)(m, n, depth, a, transposeA, b, transposeB, c, accumulate, skipZeros);
}

/** The helper thread of each kernel variant's two-thread gemm. */
const helpers = new Map<boolean, GemmHelper>();

/** The wasm gemm on a shared scratch with a helper thread, or undefined where shared wasm memory is unavailable. */
function helpedGemm(): Gemm | undefined {
  const shared = instantiateSharedGemms(4 * wasmPageBytes);
  if (shared === undefined) return undefined;
  const helper = new GemmHelper(shared.memory, shared.module);
  helpers.set(fusedMultiplyAddEnabled(), helper);
  return wasmGemm(new Scratch(shared.memory, shared.kernels), helper);
}

/** The helper thread that `gemm()` uses with the current settings (none with one thread or no shared wasm memory). */
export function gemmHelper(): GemmHelper | undefined {
  gemm();
  return nativeThreads() > 1 ? helpers.get(fusedMultiplyAddEnabled()) : undefined;
}
