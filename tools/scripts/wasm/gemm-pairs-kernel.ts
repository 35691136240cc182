import { advance, atLeast, countDown, f32, i32, increment, join, multiplyAdd, op, v128, whileNot, type Bytes, type KernelFunction } from './encoder';

/**
 * gemmPairs: gemmDense's product two rows of C at a time (m even; the caller does an odd last
 * row), so each loaded f32x4 of B serves both rows: column blocks of 16 and 4 floats per row in
 * 8 and 2 registers, then single columns. Same parameters as gemm; `list` unused; `fused` as gemm's.
 */
export function gemmPairs(fused = false): KernelFunction {
  const [A, aRow, aDepth, B, C, M, DEPTH, N, ACC] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [rowBytes, i, aPtr, cPtr, j, pa, pb, kk] = [10, 11, 12, 13, 14, 15, 16, 17];
  const [scalar0, scalar1] = [18, 19];
  const [splat0, splat1, bv, acc0] = [20, 21, 22, 23];
  const depthLoop = (...body: Bytes[]): Bytes =>
    join(
      join(op.get(aPtr), op.set(pa), op.get(B), op.get(j), op.add, op.set(pb)),
      countDown(kk, op.get(DEPTH), ...body, advance(pa, op.get(aDepth)), advance(pb, op.get(rowBytes))),
    );
  /** Address of C(row 0 or 1 of the pair, column byte j) + lane offset. */
  const cAt = (second: boolean): Bytes => join(op.get(cPtr), second ? join(op.get(rowBytes), op.add) : [], op.get(j), op.add);
  const blocks = (vectors: number): Bytes => {
    const width = vectors * 16;
    const lanes = Array.from({ length: vectors }, (_, t) => t);
    const acc = (row: number, t: number): number => acc0 + row * 4 + t;
    return whileNot(
      join(op.get(j), op.const(width), op.add, op.get(rowBytes), op.gtS),
      op.get(ACC),
      op.if,
      ...lanes.map((t) => join(cAt(false), op.v128Load(16 * t), op.set(acc(0, t)), cAt(true), op.v128Load(16 * t), op.set(acc(1, t)))),
      op.else,
      ...lanes.map((t) => join(op.v128Zero, op.set(acc(0, t)), op.v128Zero, op.set(acc(1, t)))),
      op.end,
      depthLoop(
        join(op.get(pa), op.load32Splat(0), op.set(splat0)),
        join(op.get(pa), op.get(aRow), op.add, op.load32Splat(0), op.set(splat1)),
        ...lanes.map((t) =>
          join(
            join(op.get(pb), op.v128Load(16 * t), op.set(bv)),
            join(multiplyAdd(fused, op.get(acc(0, t)), op.get(splat0), op.get(bv)), op.set(acc(0, t))),
            join(multiplyAdd(fused, op.get(acc(1, t)), op.get(splat1), op.get(bv)), op.set(acc(1, t))),
          ),
        ),
      ),
      ...lanes.map((t) => join(cAt(false), op.get(acc(0, t)), op.v128Store(16 * t), cAt(true), op.get(acc(1, t)), op.v128Store(16 * t))),
      increment(j, width),
    );
  };
  const columns = whileNot(
    atLeast(j, op.get(rowBytes)),
    op.get(ACC),
    op.if,
    join(cAt(false), op.f32Load(0), op.set(scalar0), cAt(true), op.f32Load(0), op.set(scalar1)),
    op.else,
    join(op.f32Zero, op.set(scalar0), op.f32Zero, op.set(scalar1)),
    op.end,
    depthLoop(
      join(op.get(scalar0), op.get(pa), op.f32Load(0), op.get(pb), op.f32Load(0), op.f32Mul, op.f32Add, op.set(scalar0)),
      join(op.get(scalar1), op.get(pa), op.get(aRow), op.add, op.f32Load(0), op.get(pb), op.f32Load(0), op.f32Mul, op.f32Add, op.set(scalar1)),
    ),
    join(cAt(false), op.get(scalar0), op.f32Store(0), cAt(true), op.get(scalar1), op.f32Store(0)),
    increment(j, 4),
  );
  const body = join(
    join(op.get(N), op.const(4), op.mul, op.set(rowBytes)),
    join(op.const(0), op.set(i), op.get(A), op.set(aPtr), op.get(C), op.set(cPtr)),
    whileNot(
      join(op.get(i), op.const(1), op.add, op.get(M), op.geS),
      op.const(0),
      op.set(j),
      blocks(4),
      blocks(1),
      columns,
      advance(aPtr, join(op.get(aRow), op.const(2), op.mul)),
      advance(cPtr, join(op.get(rowBytes), op.const(2), op.mul)),
      increment(i, 2),
    ),
  );
  return {
    name: 'gemmPairs',
    params: new Array<number>(10).fill(i32),
    locals: [...new Array<number>(8).fill(i32), f32, f32, ...new Array<number>(11).fill(v128)],
    body,
  };
}
