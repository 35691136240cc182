import { atLeast, f32, i32, increment, join, op, v128, whileNot, type Bytes, type KernelFunction } from './encoder';

/** Byte offset of row `index` (an i32 expression) of a table with `rowBytes` bytes per row, from `base`. */
const rowAt = (base: number, index: Bytes, rowBytes: number): Bytes => join(op.get(base), index, op.get(rowBytes), op.mul, op.add);

export function mfLogits(): KernelFunction {
  const [users, items, n, d, p, q, userBias, itemBias, globalBias, logits] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [r, u, item, pu, qi, k, rowBytes, vectorBytes, sum, acc] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const body = join(
    op.get(d),
    op.const(4),
    op.mul,
    op.set(rowBytes),
    op.get(d),
    op.const(-4),
    op.and,
    op.const(4),
    op.mul,
    op.set(vectorBytes),
    op.const(0),
    op.set(r),
    whileNot(
      atLeast(r, op.get(n)),
      join(op.get(users), op.get(r), op.const(4), op.mul, op.add, op.i32Load(0), op.set(u)),
      join(op.get(items), op.get(r), op.const(4), op.mul, op.add, op.i32Load(0), op.set(item)),
      join(rowAt(p, op.get(u), rowBytes), op.set(pu), rowAt(q, op.get(item), rowBytes), op.set(qi)),
      join(op.v128Zero, op.set(acc), op.const(0), op.set(k)),
      whileNot(
        atLeast(k, op.get(vectorBytes)),
        op.get(acc),
        op.get(pu),
        op.get(k),
        op.add,
        op.v128Load(0),
        op.get(qi),
        op.get(k),
        op.add,
        op.v128Load(0),
        op.vMul,
        op.vAdd,
        op.set(acc),
        increment(k, 16),
      ),
      join(op.get(acc), op.lane(0), op.get(acc), op.lane(1), op.f32Add, op.get(acc), op.lane(2), op.get(acc), op.lane(3), op.f32Add),
      join(op.f32Add, op.set(sum)),
      whileNot(
        atLeast(k, op.get(rowBytes)),
        join(op.get(sum), op.get(pu), op.get(k), op.add, op.f32Load(0), op.get(qi), op.get(k), op.add, op.f32Load(0), op.f32Mul, op.f32Add),
        op.set(sum),
        increment(k, 4),
      ),
      join(op.get(logits), op.get(r), op.const(4), op.mul, op.add),
      join(op.get(userBias), op.get(u), op.const(4), op.mul, op.add, op.f32Load(0)),
      join(op.get(itemBias), op.get(item), op.const(4), op.mul, op.add, op.f32Load(0), op.f32Add),
      join(op.get(globalBias), op.f32Add, op.get(sum), op.f32Add, op.f32Store(0)),
      increment(r, 1),
    ),
  );
  return {
    name: 'mfLogits',
    params: [i32, i32, i32, i32, i32, i32, i32, i32, f32, i32],
    locals: [i32, i32, i32, i32, i32, i32, i32, i32, f32, v128],
    body,
  };
}

export function mfBackward(): KernelFunction {
  const [users, items, dz, n, d, p, q, gp, gq, gUserBias, gItemBias] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [r, u, item, pu, qi, gpu, gqi, k, rowBytes, vectorBytes, g, address, gs] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
  const addTo = (base: number, index: number): Bytes =>
    join(op.get(base), op.get(index), op.const(4), op.mul, op.add, op.set(address), op.get(address), op.get(address), op.f32Load(0), op.get(g), op.f32Add, op.f32Store(0));
  const body = join(
    op.get(d),
    op.const(4),
    op.mul,
    op.set(rowBytes),
    op.get(d),
    op.const(-4),
    op.and,
    op.const(4),
    op.mul,
    op.set(vectorBytes),
    op.const(0),
    op.set(r),
    whileNot(
      atLeast(r, op.get(n)),
      join(op.get(users), op.get(r), op.const(4), op.mul, op.add, op.i32Load(0), op.set(u)),
      join(op.get(items), op.get(r), op.const(4), op.mul, op.add, op.i32Load(0), op.set(item)),
      join(op.get(dz), op.get(r), op.const(4), op.mul, op.add, op.f32Load(0), op.set(g), op.get(g), op.splat, op.set(gs)),
      join(rowAt(p, op.get(u), rowBytes), op.set(pu), rowAt(q, op.get(item), rowBytes), op.set(qi)),
      join(rowAt(gp, op.get(u), rowBytes), op.set(gpu), rowAt(gq, op.get(item), rowBytes), op.set(gqi)),
      join(op.const(0), op.set(k)),
      whileNot(
        atLeast(k, op.get(vectorBytes)),
        join(op.get(gpu), op.get(k), op.add, op.get(gpu), op.get(k), op.add, op.v128Load(0)),
        join(op.get(gs), op.get(qi), op.get(k), op.add, op.v128Load(0), op.vMul, op.vAdd, op.v128Store(0)),
        join(op.get(gqi), op.get(k), op.add, op.get(gqi), op.get(k), op.add, op.v128Load(0)),
        join(op.get(gs), op.get(pu), op.get(k), op.add, op.v128Load(0), op.vMul, op.vAdd, op.v128Store(0)),
        increment(k, 16),
      ),
      whileNot(
        atLeast(k, op.get(rowBytes)),
        join(op.get(gpu), op.get(k), op.add, op.get(gpu), op.get(k), op.add, op.f32Load(0)),
        join(op.get(g), op.get(qi), op.get(k), op.add, op.f32Load(0), op.f32Mul, op.f32Add, op.f32Store(0)),
        join(op.get(gqi), op.get(k), op.add, op.get(gqi), op.get(k), op.add, op.f32Load(0)),
        join(op.get(g), op.get(pu), op.get(k), op.add, op.f32Load(0), op.f32Mul, op.f32Add, op.f32Store(0)),
        increment(k, 4),
      ),
      addTo(gUserBias, u),
      addTo(gItemBias, item),
      increment(r, 1),
    ),
  );
  return {
    name: 'mfBackward',
    params: new Array<number>(11).fill(i32),
    locals: [...new Array<number>(10).fill(i32), f32, i32, v128],
    body,
  };
}

