import { Rng } from '@recsearch/core';
import { Float64Arena } from './float64-arena';

/** out[k] += Σ_i s[i]·v[i][k] as a plain loop: the reference the kernel must match to the bit. */
function reference(s: number[], sStride: number, v: number[], vStride: number, count: number, out: number[], width: number): number[] {
  const result = [...out];
  for (let k = 0; k < width; k++) for (let i = 0; i < count; i++) result[k] += s[i * sStride] * v[i * vStride + k];
  return result;
}

describe('Float64Arena.addScaledRows', () => {
  const arena = Float64Arena.create();
  const maybe = arena === undefined ? it.skip : it;

  maybe('equals the plain loop to the bit for widths around its 16- and 2-column blocks, strided operands and growth', () => {
    const work = arena as Float64Arena;
    const rng = Rng.fromSeed(11);
    for (const [count, width, sStride, vPad] of [
      [1, 1, 1, 0],
      [7, 16, 1, 0],
      [32, 128, 1, 0],
      [5, 35, 3, 4],
      [64, 33, 2, 1],
      [130, 200, 1, 7],
    ]) {
      const vStride = width + vPad;
      const s = Array.from({ length: count * sStride }, () => rng.normal());
      const v = Array.from({ length: count * vStride }, () => rng.normal());
      const out = Array.from({ length: width }, () => rng.normal());
      const sAt = work.allocate(s.length);
      const vAt = work.allocate(v.length);
      const outAt = work.allocate(width);
      work.values.set(s, sAt);
      work.values.set(v, vAt);
      work.values.set(out, outAt);
      work.addScaledRows(sAt, sStride, vAt, vStride, count, outAt, width);
      expect(Array.from(work.values.subarray(outAt, outAt + width))).toEqual(reference(s, sStride, v, vStride, count, out, width));
    }
  });

  maybe('keeps earlier arrays when the memory grows', () => {
    const work = Float64Arena.create() as Float64Arena;
    const at = work.allocate(3);
    work.values.set([1, 2, 3], at);
    work.allocate(100_000);
    expect(Array.from(work.values.subarray(at, at + 3))).toEqual([1, 2, 3]);
  });
});
