import { Rng } from '@recsearch/core';
import { gemm, gemmLoops, type Gemm } from './gemm';
import { setFusedMultiplyAdd } from './wasm/kernels';

/** The textbook triple loop in float64, the reference both kernels are held to. */
function reference(m: number, n: number, depth: number, a: Float32Array, ta: boolean, b: Float32Array, tb: boolean, c: Float32Array, acc: boolean): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = acc ? c[i * n + j] : 0;
      for (let k = 0; k < depth; k++) sum += (ta ? a[k * m + i] : a[i * depth + k]) * (tb ? b[j * depth + k] : b[k * n + j]);
      out[i * n + j] = sum;
    }
  }
  return out;
}

function random(rng: Rng, size: number): Float32Array {
  const values = new Float32Array(size);
  for (let k = 0; k < size; k++) values[k] = rng.normal();
  return values;
}

/** The gemm selected with relaxed-SIMD multiply-adds on or off. */
function selected(fused: boolean): Gemm {
  setFusedMultiplyAdd(fused);
  try {
    return gemm();
  } finally {
    setFusedMultiplyAdd(true);
  }
}

describe('gemm', () => {
  it('uses wasm SIMD in this runtime, with and without relaxed-SIMD multiply-adds', () => {
    expect(gemm()).not.toBe(gemmLoops);
    expect(selected(false)).not.toBe(gemmLoops);
    expect(selected(false)).not.toBe(selected(true));
  });

  const shapes: Array<[number, number, number]> = [
    [1, 1, 1],
    [3, 5, 7],
    [7, 4, 0],
    [40, 64, 50],
    [9, 37, 11],
    [2, 52, 3],
    [128, 1, 16],
    [4100, 8, 3],
  ];
  // The row chunking of long products (the 4100-row shape) is the same code for both SIMD
  // variants, so the plain one skips that slow case.
  const kernels: Array<[string, Gemm, typeof shapes]> = [
    ['relaxed SIMD', selected(true), shapes],
    ['plain SIMD', selected(false), shapes.filter(([m]) => m <= 4096)],
    ['loops', gemmLoops, shapes],
  ];
  for (const [name, kernel, cases] of kernels) {
    it.each(cases)(`${name}: %i x %i, depth %i, every transposition, accumulation, zero-skipping hint`, (m, n, depth) => {
      const rng = Rng.fromSeed(m * 1000 + n * 10 + depth);
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          for (const acc of [false, true]) {
            for (const [skipZeros, sparse] of [[true, true], [true, false], [false, true], [false, false]]) {
              // Sparse: most of A zero, as after a ReLU, whichever way the kernel is told to treat it.
              const a = random(rng, m * depth).map((value, k) => (sparse && (k % 3 === 0 || value < 0) ? 0 : value));
              const b = random(rng, depth * n);
              const c = random(rng, m * n);
              const expected = reference(m, n, depth, a, ta, b, tb, c, acc);
              kernel(m, n, depth, a, ta, b, tb, c, acc, skipZeros);
              let worst = 0;
              for (let k = 0; k < m * n; k++) worst = Math.max(worst, Math.abs(c[k] - expected[k]));
              expect(worst).toBeLessThan(1e-4 * (1 + Math.sqrt(depth)));
            }
          }
        }
      }
    });
  }

  it('leaves C past m x n and operands untouched', () => {
    const a = Float32Array.of(1, 2, 3, 4, 99);
    const b = Float32Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    const c = new Float32Array(10).fill(7);
    gemm()(1, 4, 4, a, false, b, false, c, false);
    expect(Array.from(c)).toEqual([1, 2, 3, 4, 7, 7, 7, 7, 7, 7]);
    expect(a[4]).toBe(99);
  });
});
