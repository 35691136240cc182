import { f32, f64, i32, i64, increment, join, op, whileNot, atLeast, type Bytes, type KernelFunction } from './encoder';

/**
 * dropoutMask(state, mask, count, threshold, keep): `count` inverted-dropout mask values from the
 * xoroshiro128+ state (two i64 words at `state`, s0 then s1, written back after), the same draws
 * as core's Rng.float(): a 53-bit N from two 32-bit outputs, dropped (0) when N < threshold
 * (= ⌈rate·2⁵³⌉), else `keep`.
 */
export function dropoutMask(): KernelFunction {
  const [state, mask, count, threshold, keep] = [0, 1, 2, 3, 4];
  const [k, s0, s1, high, low] = [5, 6, 7, 8, 9];
  const output = (shift: number): Bytes => join(op.get(s0), op.get(s1), op.i64Add, op.i32FromI64, op.i64FromU32, op.i64Const(shift), op.i64ShrU);
  const step = join(
    join(op.get(s1), op.get(s0), op.i64Xor, op.set(s1)),
    join(op.get(s0), op.i64Const(24), op.i64Rotl, op.get(s1), op.i64Xor, op.get(s1), op.i64Const(16), op.i64Shl, op.i64Xor, op.set(s0)),
    join(op.get(s1), op.i64Const(37), op.i64Rotl, op.set(s1)),
  );
  const body = join(
    join(op.get(state), op.i64Load(0), op.set(s0), op.get(state), op.i64Load(8), op.set(s1)),
    op.const(0),
    op.set(k),
    whileNot(
      atLeast(k, op.get(count)),
      output(5),
      op.set(high),
      step,
      output(6),
      op.set(low),
      step,
      join(op.get(mask), op.get(k), op.const(4), op.mul, op.add),
      join(op.f32Zero, op.get(keep)),
      join(op.get(high), op.i64Const(26), op.i64Shl, op.get(low), op.i64Add, op.f64FromU64, op.get(threshold), op.f64Lt),
      op.select,
      op.f32Store(0),
      increment(k, 1),
    ),
    join(op.get(state), op.get(s0), op.i64Store(0), op.get(state), op.get(s1), op.i64Store(8)),
  );
  return { name: 'dropoutMask', params: [i32, i32, i32, f64, f32], locals: [i32, i64, i64, i64, i64], body };
}
