import { advance, atLeast, countDown, f32, i32, increment, join, multiplyAdd, op, v128, whileNot, type Bytes, type KernelFunction } from './encoder';

/**
 * With `skipZeros` (kernel `gemm`), each row of A is first compacted into (value, B-row offset)
 * pairs of its non-zero entries at `list` (branch-free: every entry is written, the count
 * advances only past non-zeros), so the zeros that ReLU and dropout leave in activations and
 * their gradients cost nothing downstream. Without (kernel `gemmDense`, same parameters, `list`
 * unused) the depth loop reads A directly, for operands with few zeros. With `fused` the f32x4
 * multiply-adds are relaxed_madd (see multiplyAdd).
 */
export function gemm(skipZeros = true, fused = false): KernelFunction {
  const [A, aRow, aDepth, B, C, M, DEPTH, N, ACC, LIST] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [rowBytes, i, aPtr, cPtr, j, pa, pb, kk, count, pl, offset] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const [scalarAcc, value] = [21, 22];
  const [splat, acc0] = [23, 24];
  const compact = join(
    join(op.get(aPtr), op.set(pa), op.const(0), op.set(offset), op.get(LIST), op.set(pl)),
    countDown(
      kk,
      op.get(DEPTH),
      join(op.get(pa), op.f32Load(0), op.set(value)),
      join(op.get(pl), op.get(value), op.f32Store(0), op.get(pl), op.get(offset), op.i32Store(4)),
      // pl += 8 when value ≠ 0
      advance(pl, join(op.get(value), op.f32Zero, op.f32Ne, op.const(3), op.shl)),
      advance(pa, op.get(aDepth)),
      advance(offset, op.get(rowBytes)),
    ),
    join(op.get(pl), op.get(LIST), op.sub, op.const(3), op.shrU, op.set(count)),
  );
  // The depth loop: over the compacted list, or straight down A.
  const valueAt = skipZeros ? pl : pa;
  const denseLoop = (...body: Bytes[]): Bytes =>
    join(
      join(op.get(aPtr), op.set(pa), op.get(B), op.get(j), op.add, op.set(pb)),
      countDown(kk, op.get(DEPTH), ...body, advance(pa, op.get(aDepth)), advance(pb, op.get(rowBytes))),
    );
  const sparseLoop = (...body: Bytes[]): Bytes =>
    join(
      join(op.get(LIST), op.set(pl)),
      countDown(kk, op.get(count), join(op.get(B), op.get(j), op.add, op.get(pl), op.i32Load(4), op.add, op.set(pb)), ...body, increment(pl, 8)),
    );
  const listLoop = skipZeros ? sparseLoop : denseLoop;
  const blocks = (vectors: number): Bytes => {
    const width = vectors * 16;
    const lanes = Array.from({ length: vectors }, (_, t) => t);
    return whileNot(
      join(op.get(j), op.const(width), op.add, op.get(rowBytes), op.gtS),
      op.get(ACC),
      op.if,
      ...lanes.map((t) => join(op.get(cPtr), op.get(j), op.add, op.v128Load(16 * t), op.set(acc0 + t))),
      op.else,
      ...lanes.map((t) => join(op.v128Zero, op.set(acc0 + t))),
      op.end,
      listLoop(
        join(op.get(valueAt), op.f32Load(0), op.splat, op.set(splat)),
        ...lanes.map((t) => join(multiplyAdd(fused, op.get(acc0 + t), op.get(splat), join(op.get(pb), op.v128Load(16 * t))), op.set(acc0 + t))),
      ),
      ...lanes.map((t) => join(op.get(cPtr), op.get(j), op.add, op.get(acc0 + t), op.v128Store(16 * t))),
      increment(j, width),
    );
  };
  const columns = whileNot(
    atLeast(j, op.get(rowBytes)),
    op.get(ACC),
    op.if,
    op.get(cPtr),
    op.get(j),
    op.add,
    op.f32Load(0),
    op.set(scalarAcc),
    op.else,
    op.f32Zero,
    op.set(scalarAcc),
    op.end,
    listLoop(join(op.get(scalarAcc), op.get(valueAt), op.f32Load(0), op.get(pb), op.f32Load(0), op.f32Mul, op.f32Add, op.set(scalarAcc))),
    op.get(cPtr),
    op.get(j),
    op.add,
    op.get(scalarAcc),
    op.f32Store(0),
    increment(j, 4),
  );
  const body = join(
    op.get(N),
    op.const(4),
    op.mul,
    op.set(rowBytes),
    op.const(0),
    op.set(i),
    op.get(A),
    op.set(aPtr),
    op.get(C),
    op.set(cPtr),
    whileNot(
      atLeast(i, op.get(M)),
      skipZeros ? compact : [],
      op.const(0),
      op.set(j),
      blocks(8),
      blocks(4),
      blocks(1),
      columns,
      advance(aPtr, op.get(aRow)),
      advance(cPtr, op.get(rowBytes)),
      increment(i, 1),
    ),
  );
  return {
    name: skipZeros ? 'gemm' : 'gemmDense',
    params: new Array<number>(10).fill(i32),
    locals: [...new Array<number>(11).fill(i32), f32, f32, ...new Array<number>(9).fill(v128)],
    body,
  };
}

export function transpose(): KernelFunction {
  const [source, target, rows, columns, row, column, from, to] = [0, 1, 2, 3, 4, 5, 6, 7];
  const body = join(
    op.get(source),
    op.set(from),
    op.const(0),
    op.set(row),
    whileNot(
      atLeast(row, op.get(rows)),
      op.get(target),
      op.get(row),
      op.const(4),
      op.mul,
      op.add,
      op.set(to),
      op.const(0),
      op.set(column),
      whileNot(
        atLeast(column, op.get(columns)),
        join(op.get(to), op.get(from), op.f32Load(0), op.f32Store(0)),
        increment(from, 4),
        advance(to, join(op.get(rows), op.const(4), op.mul)),
        increment(column, 1),
      ),
      increment(row, 1),
    ),
  );
  return { name: 'transpose', params: [i32, i32, i32, i32], locals: [i32, i32, i32, i32], body };
}

