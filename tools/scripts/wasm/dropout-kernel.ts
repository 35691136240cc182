import { atLeast, f32, f64, i32, i64, increment, join, op, simd, v128, whileNot, type Bytes, type KernelFunction } from './encoder';

/** Mask values per stream segment: a segment takes 2·512 generator steps (two outputs a value). */
export const dropoutSegment = 512;

const i64x2 = {
  splat: simd(0x12),
  extract: (lane: number): Bytes => [...simd(0x1d), lane],
  replace: (lane: number): Bytes => [...simd(0x1e), lane],
  shl: simd(0xcb),
  shrU: simd(0xcd),
  add: simd(0xce),
  ltS: simd(0xd8),
};
const v128Xor = simd(0x51);
const v128Or = simd(0x50);
const v128And = simd(0x4e);
const v128AndNot = simd(0x4f);

/**
 * dropoutMask(state, mask, count, threshold, keep, jump): `count` inverted-dropout mask values
 * from the xoroshiro128+ state (two i64 words at `state`, s0 then s1, written back after), the
 * same draws as core's Rng.float(): a 53-bit N from two 32-bit outputs, dropped (0) when
 * N < threshold (= ⌈rate·2⁵³⌉), else `keep`. The comparison runs on the integers (N and the
 * threshold are exact in both types).
 *
 * The generator's steps form one serial chain, so values are made in pairs of segments of
 * `dropoutSegment` values, one per i64x2 lane: lane 1 starts from the state 2·512 steps ahead,
 * got by the generator's linear jump (`jump`: 128 pairs of i64, the state that bit b of (s0, s1)
 * becomes after those steps; xor of the set bits' pairs). Lane 1 ends where the next pair starts.
 * The values past the last whole pair of segments are made one by one.
 */
export function dropoutMask(): KernelFunction {
  const [state, mask, count, threshold, keep, jump] = [0, 1, 2, 3, 4, 5];
  const [k, s0, s1, high, low, limit] = [6, 7, 8, 9, 10, 11];
  const [end, bit, p, word, t0, t1, pairEnd, at] = [12, 13, 14, 15, 16, 17, 18, 19];
  const [v0, v1, vHigh, vLow, vLimit, vKeep, vLow32] = [20, 21, 22, 23, 24, 25, 26];
  const output = (shift: number): Bytes => join(op.get(s0), op.get(s1), op.i64Add, op.i32FromI64, op.i64FromU32, op.i64Const(shift), op.i64ShrU);
  const step = join(
    join(op.get(s1), op.get(s0), op.i64Xor, op.set(s1)),
    join(op.get(s0), op.i64Const(24), op.i64Rotl, op.get(s1), op.i64Xor, op.get(s1), op.i64Const(16), op.i64Shl, op.i64Xor, op.set(s0)),
    join(op.get(s1), op.i64Const(37), op.i64Rotl, op.set(s1)),
  );
  const rotl = (local: number, by: number): Bytes => join(op.get(local), op.const(by), i64x2.shl, op.get(local), op.const(64 - by), i64x2.shrU, v128Or);
  const laneStep = join(
    join(op.get(v1), op.get(v0), v128Xor, op.set(v1)),
    join(rotl(v0, 24), op.get(v1), v128Xor, op.get(v1), op.const(16), i64x2.shl, v128Xor, op.set(v0)),
    join(rotl(v1, 37), op.set(v1)),
  );
  const laneOutput = (shift: number): Bytes => join(op.get(v0), op.get(v1), i64x2.add, op.get(vLow32), v128And, op.const(shift), i64x2.shrU);
  /** (t0, t1) ← the jumped state: xor of the table pairs of the set bits of `word`, then of the next word. */
  const jumpWord = (source: number): Bytes =>
    join(
      join(op.get(source), op.set(word), op.const(0), op.set(bit)),
      whileNot(
        atLeast(bit, op.const(64)),
        // all ones when the bit is set, branch-free
        join(op.i64Const(0), op.get(word), op.i64Const(1), op.i64And, op.i64Sub, op.set(high)),
        join(op.get(t0), op.get(p), op.i64Load(0), op.get(high), op.i64And, op.i64Xor, op.set(t0)),
        join(op.get(t1), op.get(p), op.i64Load(8), op.get(high), op.i64And, op.i64Xor, op.set(t1)),
        join(op.get(word), op.i64Const(1), op.i64ShrU, op.set(word)),
        increment(p, 16),
        increment(bit, 1),
      ),
    );
  const pairs = whileNot(
    join(op.get(k), op.const(2 * dropoutSegment), op.add, op.get(count), op.gtS),
    join(op.i64Const(0), op.set(t0), op.i64Const(0), op.set(t1), op.get(jump), op.set(p)),
    jumpWord(s0),
    jumpWord(s1),
    join(op.get(s0), i64x2.splat, op.get(t0), i64x2.replace(1), op.set(v0)),
    join(op.get(s1), i64x2.splat, op.get(t1), i64x2.replace(1), op.set(v1)),
    join(op.get(k), op.const(dropoutSegment), op.add, op.set(pairEnd)),
    whileNot(
      atLeast(k, op.get(pairEnd)),
      laneOutput(5),
      op.set(vHigh),
      laneStep,
      laneOutput(6),
      op.set(vLow),
      laneStep,
      // keep where N ≥ threshold: N < threshold is all ones in the lane, cleared from keep
      join(op.get(vKeep), op.get(vHigh), op.const(26), i64x2.shl, op.get(vLow), i64x2.add, op.get(vLimit), i64x2.ltS, v128AndNot, op.set(vHigh)),
      join(op.get(mask), op.get(k), op.const(4), op.mul, op.add, op.set(at)),
      join(op.get(at), op.get(vHigh), op.lane(0), op.f32Store(0)),
      join(op.get(at), op.get(vHigh), op.lane(2), op.f32Store(4 * dropoutSegment)),
      increment(k, 1),
    ),
    // Lane 1 has reached the start of the next pair of segments.
    join(op.get(v0), i64x2.extract(1), op.set(s0), op.get(v1), i64x2.extract(1), op.set(s1)),
    increment(k, dropoutSegment),
  );
  const body = join(
    join(op.get(state), op.i64Load(0), op.set(s0), op.get(state), op.i64Load(8), op.set(s1)),
    join(op.get(threshold), op.i64FromF64, op.set(limit)),
    join(op.get(limit), i64x2.splat, op.set(vLimit), op.get(keep), op.splat, op.set(vKeep), op.const(-1), op.i64FromU32, i64x2.splat, op.set(vLow32)),
    op.const(0),
    op.set(k),
    join(op.get(count), op.set(end)),
    pairs,
    whileNot(
      atLeast(k, op.get(end)),
      output(5),
      op.set(high),
      step,
      output(6),
      op.set(low),
      step,
      join(op.get(mask), op.get(k), op.const(4), op.mul, op.add),
      join(op.f32Zero, op.get(keep)),
      join(op.get(high), op.i64Const(26), op.i64Shl, op.get(low), op.i64Add, op.get(limit), op.i64LtU),
      op.select,
      op.f32Store(0),
      increment(k, 1),
    ),
    join(op.get(state), op.get(s0), op.i64Store(0), op.get(state), op.get(s1), op.i64Store(8)),
  );
  return {
    name: 'dropoutMask',
    params: [i32, i32, i32, f64, f32, i32],
    locals: [i32, i64, i64, i64, i64, i64, i32, i32, i32, i64, i64, i64, i32, i32, ...new Array<number>(7).fill(v128)],
    body,
  };
}
