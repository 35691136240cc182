import { advance, countDown, f64, i32, increment, join, op, v128, whileNot, type Bytes, type KernelFunction } from './encoder';

/**
 * addScaledRows(s, sStride, v, vStride, count, out, width): out[k] += Σ_i s_i · v_i[k] for
 * k < width, with s_i the f64 at s + i·sStride and v_i the f64 row at v + i·vStride (strides in
 * bytes). Each out[k] adds its products one by one in order of i from its own value, multiply
 * then add, as `out[k] += s[i] * v[i][k]` in a loop does, so the result is the same to the bit;
 * columns go 16 at a time in f64x2 registers, then 2, then 1.
 */
export function addScaledRows(): KernelFunction {
  const [S, sStride, V, vStride, COUNT, OUT, WIDTH] = [0, 1, 2, 3, 4, 5, 6];
  const [rowBytes, j, ps, pv, kk] = [7, 8, 9, 10, 11];
  const scalar = 12;
  const [splat, acc0] = [13, 14];
  const reduction = (...body: Bytes[]): Bytes =>
    join(
      join(op.get(S), op.set(ps), op.get(V), op.get(j), op.add, op.set(pv)),
      countDown(kk, op.get(COUNT), ...body, advance(ps, op.get(sStride)), advance(pv, op.get(vStride))),
    );
  const outAt = join(op.get(OUT), op.get(j), op.add);
  const blocks = (vectors: number): Bytes => {
    const lanes = Array.from({ length: vectors }, (_, t) => t);
    return whileNot(
      join(op.get(j), op.const(16 * vectors), op.add, op.get(rowBytes), op.gtS),
      ...lanes.map((t) => join(outAt, op.v128Load(16 * t), op.set(acc0 + t))),
      reduction(
        join(op.get(ps), op.load64Splat(0), op.set(splat)),
        ...lanes.map((t) => join(op.get(acc0 + t), op.get(splat), op.get(pv), op.v128Load(16 * t), op.f64x2Mul, op.f64x2Add, op.set(acc0 + t))),
      ),
      ...lanes.map((t) => join(outAt, op.get(acc0 + t), op.v128Store(16 * t))),
      increment(j, 16 * vectors),
    );
  };
  const singles = whileNot(
    join(op.get(j), op.get(rowBytes), op.geS),
    join(outAt, op.f64Load(0), op.set(scalar)),
    reduction(join(op.get(scalar), op.get(ps), op.f64Load(0), op.get(pv), op.f64Load(0), op.f64Mul, op.f64Add, op.set(scalar))),
    join(outAt, op.get(scalar), op.f64Store(0)),
    increment(j, 8),
  );
  return {
    name: 'addScaledRows',
    params: new Array<number>(7).fill(i32),
    locals: [...new Array<number>(5).fill(i32), f64, ...new Array<number>(9).fill(v128)],
    body: join(join(op.get(WIDTH), op.const(8), op.mul, op.set(rowBytes), op.const(0), op.set(j)), blocks(8), blocks(1), singles),
  };
}
