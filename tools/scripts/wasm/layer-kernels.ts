import { advance, atLeast, i32, increment, join, op, v128, whileNot, type Bytes, type KernelFunction } from './encoder';

/**
 * Element-wise kernels of a hidden layer (batch norm, ReLU, dropout) on row-major n × w
 * matrices with w a multiple of 4 (flat sizes likewise), per-column vectors of w floats.
 */

/** Address base + Σ offsets (locals holding byte offsets). */
const at = (base: number, ...offsets: number[]): Bytes => join(op.get(base), ...offsets.map((offset) => join(op.get(offset), op.add)));
const load = (base: number, ...offsets: number[]): Bytes => join(at(base, ...offsets), op.v128Load(0));
const store = (address: Bytes, value: Bytes): Bytes => join(address, value, op.v128Store(0));

/** for (jb = 0; jb < rowBytes; jb += 16) body */
const columns = (jb: number, rowBytes: number, ...body: Bytes[]): Bytes =>
  join(op.const(0), op.set(jb), whileNot(atLeast(jb, op.get(rowBytes)), ...body, increment(jb, 16)));

/** for (r = 0, rowOffset = 0; r < n; r++, rowOffset += rowBytes) body */
const rows = (r: number, n: number, rowOffset: number, rowBytes: number, ...body: Bytes[]): Bytes =>
  join(
    op.const(0),
    op.set(r),
    op.const(0),
    op.set(rowOffset),
    whileNot(atLeast(r, op.get(n)), ...body, advance(rowOffset, op.get(rowBytes)), increment(r, 1)),
  );

const setRowBytes = (w: number, rowBytes: number): Bytes => join(op.get(w), op.const(4), op.mul, op.set(rowBytes));
const splatCount = (n: number, into: number): Bytes => join(op.get(n), op.f32FromI32, op.splat, op.set(into));

/** bnStats(x, n, w, mean, variance): column means and biased variances, two passes. */
export function bnStats(): KernelFunction {
  const [x, n, w, mean, variance] = [0, 1, 2, 3, 4];
  const [rowBytes, r, rowOffset, jb, count, centred] = [5, 6, 7, 8, 9, 10];
  const body = join(
    setRowBytes(w, rowBytes),
    splatCount(n, count),
    columns(jb, rowBytes, store(at(mean, jb), op.v128Zero), store(at(variance, jb), op.v128Zero)),
    rows(r, n, rowOffset, rowBytes, columns(jb, rowBytes, store(at(mean, jb), join(load(mean, jb), load(x, rowOffset, jb), op.vAdd)))),
    columns(jb, rowBytes, store(at(mean, jb), join(load(mean, jb), op.get(count), op.vDiv))),
    rows(
      r,
      n,
      rowOffset,
      rowBytes,
      columns(
        jb,
        rowBytes,
        join(load(x, rowOffset, jb), load(mean, jb), op.vSub, op.set(centred)),
        store(at(variance, jb), join(load(variance, jb), op.get(centred), op.get(centred), op.vMul, op.vAdd)),
      ),
    ),
    columns(jb, rowBytes, store(at(variance, jb), join(load(variance, jb), op.get(count), op.vDiv))),
  );
  return { name: 'bnStats', params: [i32, i32, i32, i32, i32], locals: [i32, i32, i32, i32, v128, v128], body };
}

/** bnNormalize(x, xhat, y, n, w, mean, inverseStd, gamma, beta): x̂ = (x − μ)/σ, y = γx̂ + β. */
export function bnNormalize(): KernelFunction {
  const [x, xhat, y, n, w, mean, inverseStd, gamma, beta] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [rowBytes, r, rowOffset, jb, normal] = [9, 10, 11, 12, 13];
  const body = join(
    setRowBytes(w, rowBytes),
    rows(
      r,
      n,
      rowOffset,
      rowBytes,
      columns(
        jb,
        rowBytes,
        join(load(x, rowOffset, jb), load(mean, jb), op.vSub, load(inverseStd, jb), op.vMul, op.set(normal)),
        store(at(xhat, rowOffset, jb), op.get(normal)),
        store(at(y, rowOffset, jb), join(load(gamma, jb), op.get(normal), op.vMul, load(beta, jb), op.vAdd)),
      ),
    ),
  );
  return { name: 'bnNormalize', params: new Array<number>(9).fill(i32), locals: [i32, i32, i32, i32, v128], body };
}

/** reluDropout(linear, mask, output, size): output = max(linear, 0)·mask. */
export function reluDropout(): KernelFunction {
  const [linear, mask, output, size] = [0, 1, 2, 3];
  const [bytes, k] = [4, 5];
  const body = join(
    setRowBytes(size, bytes),
    columns(k, bytes, store(at(output, k), join(op.v128Zero, load(linear, k), op.vPmax, load(mask, k), op.vMul))),
  );
  return { name: 'reluDropout', params: [i32, i32, i32, i32], locals: [i32, i32], body };
}

/** reluDropoutGradient(linear, mask, dy, g, size): g = linear > 0 ? dy·mask : 0. */
export function reluDropoutGradient(): KernelFunction {
  const [linear, mask, dy, g, size] = [0, 1, 2, 3, 4];
  const [bytes, k] = [5, 6];
  const body = join(
    setRowBytes(size, bytes),
    columns(k, bytes, store(at(g, k), join(load(dy, k), load(mask, k), op.vMul, load(linear, k), op.v128Zero, op.vGt, op.vAnd))),
  );
  return { name: 'reluDropoutGradient', params: [i32, i32, i32, i32, i32], locals: [i32, i32], body };
}

/** bnBackward(dy, xhat, dx, n, w, scale, sumDy, sumDyXhat): the sums, then dx = scale·(n·dy − Σdy − x̂·Σdy·x̂). */
export function bnBackward(): KernelFunction {
  const [dy, xhat, dx, n, w, scale, sumDy, sumDyXhat] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [rowBytes, r, rowOffset, jb, count, g] = [8, 9, 10, 11, 12, 13];
  const body = join(
    setRowBytes(w, rowBytes),
    splatCount(n, count),
    columns(jb, rowBytes, store(at(sumDy, jb), op.v128Zero), store(at(sumDyXhat, jb), op.v128Zero)),
    rows(
      r,
      n,
      rowOffset,
      rowBytes,
      columns(
        jb,
        rowBytes,
        join(load(dy, rowOffset, jb), op.set(g)),
        store(at(sumDy, jb), join(load(sumDy, jb), op.get(g), op.vAdd)),
        store(at(sumDyXhat, jb), join(load(sumDyXhat, jb), op.get(g), load(xhat, rowOffset, jb), op.vMul, op.vAdd)),
      ),
    ),
    rows(
      r,
      n,
      rowOffset,
      rowBytes,
      columns(
        jb,
        rowBytes,
        store(
          at(dx, rowOffset, jb),
          join(
            load(scale, jb),
            op.get(count),
            load(dy, rowOffset, jb),
            op.vMul,
            load(sumDy, jb),
            op.vSub,
            load(xhat, rowOffset, jb),
            load(sumDyXhat, jb),
            op.vMul,
            op.vSub,
            op.vMul,
          ),
        ),
      ),
    ),
  );
  return { name: 'bnBackward', params: new Array<number>(8).fill(i32), locals: [i32, i32, i32, i32, v128, v128], body };
}

