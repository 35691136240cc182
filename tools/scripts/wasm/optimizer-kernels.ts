import { atLeast, f32, flushScalar, flushVectorBy, i32, increment, join, minNormal, negligibleWeight, op, v128, vectorConstant, whileNot, type Bytes, type KernelFunction } from './encoder';

/**
 * A per-row update over rows[0..count) of `width` elements: `vectorStep` on each f32x4 at byte
 * offset local `k` of the row (row start in local `start`), `scalarStep` on the remainder.
 */
function rowsLoop(locals: { rows: number; count: number; width: number; i: number; start: number; k: number; rowBytes: number; vectorBytes: number }, vectorStep: Bytes, scalarStep: Bytes): Bytes {
  const { rows, count, width, i, start, k, rowBytes, vectorBytes } = locals;
  return join(
    op.get(width),
    op.const(4),
    op.mul,
    op.set(rowBytes),
    op.get(width),
    op.const(-4),
    op.and,
    op.const(4),
    op.mul,
    op.set(vectorBytes),
    op.const(0),
    op.set(i),
    whileNot(
      atLeast(i, op.get(count)),
      join(op.get(rows), op.get(i), op.const(4), op.mul, op.add, op.i32Load(0), op.get(rowBytes), op.mul, op.set(start)),
      op.const(0),
      op.set(k),
      whileNot(atLeast(k, op.get(vectorBytes)), vectorStep, increment(k, 16)),
      whileNot(atLeast(k, op.get(rowBytes)), scalarStep, increment(k, 4)),
      increment(i, 1),
    ),
  );
}

/** SGD on the listed rows; new weights under 2⁻⁶⁴ in magnitude flushed to zero (see flushVectorBy). */
export function sgdRows(): KernelFunction {
  const [w, g, rows, count, width, rate, l2] = [0, 1, 2, 3, 4, 5, 6];
  const [i, start, k, rowBytes, vectorBytes, at, rateV, l2V, value] = [7, 8, 9, 10, 11, 12, 13, 14, 15];
  const scalarValue = 16;
  // The flush threshold, splatted once: a v128.const inside the loop is rebuilt on every use.
  const negligibleV = 17;
  const address = (base: number): Bytes => join(op.get(base), op.get(start), op.add, op.get(k), op.add);
  const vectorStep = join(
    address(w),
    op.set(at),
    op.get(at),
    op.v128Load(0),
    op.set(value),
    op.get(value),
    op.get(rateV),
    address(g),
    op.v128Load(0),
    op.get(l2V),
    op.get(value),
    op.vMul,
    op.vAdd,
    op.vMul,
    op.vSub,
    op.set(value),
    op.get(at),
    flushVectorBy(value, negligibleV),
    op.v128Store(0),
    address(g),
    op.v128Zero,
    op.v128Store(0),
  );
  const scalarStep = join(
    address(w),
    op.set(at),
    op.get(at),
    op.f32Load(0),
    op.set(scalarValue),
    op.get(scalarValue),
    op.get(rate),
    address(g),
    op.f32Load(0),
    op.get(l2),
    op.get(scalarValue),
    op.f32Mul,
    op.f32Add,
    op.f32Mul,
    op.f32Sub,
    op.set(scalarValue),
    op.get(at),
    flushScalar(scalarValue, negligibleWeight),
    op.f32Store(0),
    address(g),
    op.f32Zero,
    op.f32Store(0),
  );
  const body = join(
    op.get(rate),
    op.splat,
    op.set(rateV),
    op.get(l2),
    op.splat,
    op.set(l2V),
    vectorConstant(negligibleV, negligibleWeight),
    rowsLoop({ rows, count, width, i, start, k, rowBytes, vectorBytes }, vectorStep, scalarStep),
  );
  return { name: 'sgdRows', params: [i32, i32, i32, i32, i32, f32, f32], locals: [i32, i32, i32, i32, i32, i32, v128, v128, v128, f32, v128], body };
}

/**
 * Adam on ∂J/∂W + λW with the bias corrections folded in: step = η / (1 − β₁ᵗ), inverse2 =
 * 1 / (1 − β₂ᵗ). Moments are flushed to zero when subnormal, weights under 2⁻⁶⁴ (see flushVectorBy).
 */
export function adamRows(): KernelFunction {
  // 1 − β comes in computed in float64: in float32, 1 − β₂ would be off by 1e-5 relative.
  const [w, g, m, v, rows, count, width, stepSize, l2, beta1, keep1, beta2, keep2, inverse2, epsilon] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
  const [i, start, k, rowBytes, vectorBytes] = [15, 16, 17, 18, 19];
  // Splatted constants and temporaries for the f32x4 step, then scalars for the remainder.
  const [cStep, cL2, cBeta1, cKeep1, cBeta2, cKeep2, cInverse2, cEps, grad, first, second] = [20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30];
  const [sGrad, sFirst, sSecond] = [31, 32, 33];
  // Flush thresholds splatted once (see sgdRows).
  const [minNormalV, negligibleV] = [34, 35];
  const address = (base: number): Bytes => join(op.get(base), op.get(start), op.add, op.get(k), op.add);
  interface Lanes {
    load: Bytes;
    store: Bytes;
    zero: Bytes;
    mul: Bytes;
    add: Bytes;
    sub: Bytes;
    div: Bytes;
    sqrt: Bytes;
    /** The local's value with magnitudes under the threshold (default: subnormals) flushed to 0. */
    flush: (local: number, threshold?: number[]) => Bytes;
  }
  const step = (
    x: Lanes,
    c: { step: number; l2: number; beta1: number; keep1: number; beta2: number; keep2: number; inverse2: number; eps: number },
    t: { grad: number; first: number; second: number },
  ): Bytes =>
    join(
      // grad = g + λw; g = 0
      address(g),
      x.load,
      op.get(c.l2),
      address(w),
      x.load,
      x.mul,
      x.add,
      op.set(t.grad),
      address(g),
      x.zero,
      x.store,
      // m = β₁m + (1 − β₁)grad
      op.get(c.beta1),
      address(m),
      x.load,
      x.mul,
      op.get(c.keep1),
      op.get(t.grad),
      x.mul,
      x.add,
      op.set(t.first),
      x.flush(t.first),
      op.set(t.first),
      address(m),
      op.get(t.first),
      x.store,
      // v = β₂v + (1 − β₂)grad²
      op.get(c.beta2),
      address(v),
      x.load,
      x.mul,
      op.get(c.keep2),
      op.get(t.grad),
      x.mul,
      op.get(t.grad),
      x.mul,
      x.add,
      op.set(t.second),
      x.flush(t.second),
      op.set(t.second),
      address(v),
      op.get(t.second),
      x.store,
      // w −= step·m / (√(v·inverse2) + ε), into the spent grad local, then flushed
      address(w),
      x.load,
      op.get(c.step),
      op.get(t.first),
      x.mul,
      op.get(t.second),
      op.get(c.inverse2),
      x.mul,
      x.sqrt,
      op.get(c.eps),
      x.add,
      x.div,
      x.sub,
      op.set(t.grad),
      address(w),
      x.flush(t.grad, negligibleWeight),
      x.store,
    );
  const vectorStep = step(
    { load: op.v128Load(0), store: op.v128Store(0), zero: op.v128Zero, mul: op.vMul, add: op.vAdd, sub: op.vSub, div: op.vDiv, sqrt: op.vSqrt, flush: (local, threshold = minNormal) => flushVectorBy(local, threshold === negligibleWeight ? negligibleV : minNormalV) },
    { step: cStep, l2: cL2, beta1: cBeta1, keep1: cKeep1, beta2: cBeta2, keep2: cKeep2, inverse2: cInverse2, eps: cEps },
    { grad, first, second },
  );
  const scalarStep = step(
    { load: op.f32Load(0), store: op.f32Store(0), zero: op.f32Zero, mul: op.f32Mul, add: op.f32Add, sub: op.f32Sub, div: op.f32Div, sqrt: op.f32Sqrt, flush: flushScalar },
    { step: stepSize, l2, beta1, keep1, beta2, keep2, inverse2, eps: epsilon },
    { grad: sGrad, first: sFirst, second: sSecond },
  );
  const splatInto = (local: number, into: number): Bytes => join(op.get(local), op.splat, op.set(into));
  const body = join(
    splatInto(stepSize, cStep),
    splatInto(l2, cL2),
    splatInto(beta1, cBeta1),
    splatInto(keep1, cKeep1),
    splatInto(beta2, cBeta2),
    splatInto(keep2, cKeep2),
    splatInto(inverse2, cInverse2),
    splatInto(epsilon, cEps),
    vectorConstant(minNormalV, minNormal),
    vectorConstant(negligibleV, negligibleWeight),
    rowsLoop({ rows, count, width, i, start, k, rowBytes, vectorBytes }, vectorStep, scalarStep),
  );
  return {
    name: 'adamRows',
    params: [i32, i32, i32, i32, i32, i32, i32, f32, f32, f32, f32, f32, f32, f32, f32],
    locals: [i32, i32, i32, i32, i32, ...new Array<number>(11).fill(v128), ...new Array<number>(3).fill(f32), v128, v128],
    body,
  };
}

