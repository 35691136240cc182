/**
 * Writes libs/compute/src/native/wasm/kernels-binary.ts: the WebAssembly SIMD kernels of the
 * native models, embedded as base64 so the library needs no build step. Run after editing:
 *
 *   npx ts-node --swc tools/scripts/build-native-wasm.ts
 *
 * Pointers and strides are in bytes, sizes in elements; the memory is imported as env.memory.
 *
 * - gemm(a, aRowStride, aDepthStride, b, c, m, depth, n, accumulate): C[m × n] = (accumulate ?
 *   C : 0) + A·B, A(i, k) at a + i·aRowStride + k·aDepthStride (so Aᵀ costs nothing), B row-major
 *   depth × n, C row-major. Rows of C are cut into column blocks of 32, 16 and 4 floats held in
 *   f32x4 registers over the whole depth loop, then single columns; sums run k = 0, 1, … in order.
 * - transpose(source, target, rows, columns): target (columns × rows) = sourceᵀ.
 * - mfLogits(users, items, n, d, p, q, userBias, itemBias, globalBias, logits): biased-MF logits.
 * - mfBackward(users, items, dz, n, d, p, q, gp, gq, gUserBias, gItemBias): its gradients, added.
 * - sgdRows(w, g, rows, count, width, rate, l2): W ← W − η(g + λW), g ← 0, on the listed rows.
 * - adamRows(w, g, m, v, rows, count, width, η/(1 − β₁ᵗ), l2, β₁, β₂, 1/(1 − β₂ᵗ), ε): Adam likewise.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

type Bytes = number[];

function unsignedLeb(value: number): Bytes {
  const out: Bytes = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function signedLeb(value: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const vector = (items: Bytes[]): Bytes => [...unsignedLeb(items.length), ...items.flat()];
const section = (id: number, body: Bytes): Bytes => [id, ...unsignedLeb(body.length), ...body];
const name = (text: string): Bytes => vector([...Buffer.from(text, 'utf8')].map((byte) => [byte]));
const join = (...parts: Bytes[]): Bytes => parts.flat();

const i32 = 0x7f;
const f32 = 0x7d;
const v128 = 0x7b;
const simd = (code: number): Bytes => [0xfd, ...unsignedLeb(code)];

/** The instructions the kernels use; each is its encoding. */
const op = {
  get: (local: number): Bytes => [0x20, ...unsignedLeb(local)],
  set: (local: number): Bytes => [0x21, ...unsignedLeb(local)],
  const: (value: number): Bytes => [0x41, ...signedLeb(value)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  and: [0x71],
  geS: [0x4e],
  gtS: [0x4a],
  eqz: [0x45],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (depth: number): Bytes => [0x0c, ...unsignedLeb(depth)],
  brIf: (depth: number): Bytes => [0x0d, ...unsignedLeb(depth)],
  i32Load: (offset: number): Bytes => [0x28, 2, ...unsignedLeb(offset)],
  f32Load: (offset: number): Bytes => [0x2a, 2, ...unsignedLeb(offset)],
  f32Store: (offset: number): Bytes => [0x38, 2, ...unsignedLeb(offset)],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Sqrt: [0x91],
  f32Zero: [0x43, 0, 0, 0, 0],
  v128Load: (offset: number): Bytes => [...simd(0x00), 2, ...unsignedLeb(offset)],
  v128Store: (offset: number): Bytes => [...simd(0x0b), 2, ...unsignedLeb(offset)],
  v128Zero: [...simd(0x0c), ...new Array<number>(16).fill(0)],
  splat: simd(0x13),
  lane: (index: number): Bytes => [...simd(0x1f), index],
  vAdd: simd(0xe4),
  vSub: simd(0xe5),
  vMul: simd(0xe6),
  vDiv: simd(0xe7),
  vSqrt: simd(0xe3),
};

/** `while (!exit) { body }`: exit is an i32 expression, non-zero to leave. */
const whileNot = (exit: Bytes, ...body: Bytes[]): Bytes => join(op.block, op.loop, exit, op.brIf(1), ...body, op.br(0), op.end, op.end);
/** local += step (i32). */
const advance = (local: number, step: Bytes): Bytes => join(op.get(local), step, op.add, op.set(local));
const increment = (local: number, by: number): Bytes => advance(local, op.const(by));
/** local ≥ limit (i32, signed). */
const atLeast = (local: number, limit: Bytes): Bytes => join(op.get(local), limit, op.geS);

interface KernelFunction {
  name: string;
  params: number[];
  /** Types of the extra locals, numbered after the parameters. */
  locals: number[];
  body: Bytes;
}

function gemm(): KernelFunction {
  const [A, aRow, aDepth, B, C, M, DEPTH, N, ACC] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [rowBytes, i, aPtr, cPtr, j, pa, pb, kk, scalarAcc, splat, acc0] = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const depthLoop = (...body: Bytes[]): Bytes =>
    join(
      op.get(aPtr),
      op.set(pa),
      op.get(B),
      op.get(j),
      op.add,
      op.set(pb),
      op.get(DEPTH),
      op.set(kk),
      op.block,
      op.get(kk),
      op.eqz,
      op.brIf(0),
      op.loop,
      ...body,
      advance(pa, op.get(aDepth)),
      advance(pb, op.get(rowBytes)),
      increment(kk, -1),
      op.get(kk),
      op.brIf(0),
      op.end,
      op.end,
    );
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
      depthLoop(
        join(op.get(pa), op.f32Load(0), op.splat, op.set(splat)),
        ...lanes.map((t) => join(op.get(acc0 + t), op.get(splat), op.get(pb), op.v128Load(16 * t), op.vMul, op.vAdd, op.set(acc0 + t))),
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
    depthLoop(join(op.get(scalarAcc), op.get(pa), op.f32Load(0), op.get(pb), op.f32Load(0), op.f32Mul, op.f32Add, op.set(scalarAcc))),
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
  return { name: 'gemm', params: new Array<number>(9).fill(i32), locals: [...new Array<number>(8).fill(i32), f32, ...new Array<number>(9).fill(v128)], body };
}

function transpose(): KernelFunction {
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

/** Byte offset of row `index` (an i32 expression) of a table with `rowBytes` bytes per row, from `base`. */
const rowAt = (base: number, index: Bytes, rowBytes: number): Bytes => join(op.get(base), index, op.get(rowBytes), op.mul, op.add);

function mfLogits(): KernelFunction {
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

function mfBackward(): KernelFunction {
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

function sgdRows(): KernelFunction {
  const [w, g, rows, count, width, rate, l2] = [0, 1, 2, 3, 4, 5, 6];
  const [i, start, k, rowBytes, vectorBytes, at, rateV, l2V, value] = [7, 8, 9, 10, 11, 12, 13, 14, 15];
  const scalarValue = 16;
  const address = (base: number): Bytes => join(op.get(base), op.get(start), op.add, op.get(k), op.add);
  const vectorStep = join(
    address(w),
    op.set(at),
    op.get(at),
    op.v128Load(0),
    op.set(value),
    op.get(at),
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
    op.get(at),
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
    rowsLoop({ rows, count, width, i, start, k, rowBytes, vectorBytes }, vectorStep, scalarStep),
  );
  return { name: 'sgdRows', params: [i32, i32, i32, i32, i32, f32, f32], locals: [i32, i32, i32, i32, i32, i32, v128, v128, v128, f32], body };
}

/** Adam on ∂J/∂W + λW with the bias corrections folded in: step = η / (1 − β₁ᵗ), inverse2 = 1 / (1 − β₂ᵗ). */
function adamRows(): KernelFunction {
  const [w, g, m, v, rows, count, width, stepSize, l2, beta1, beta2, inverse2, epsilon] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [i, start, k, rowBytes, vectorBytes] = [13, 14, 15, 16, 17];
  // Splatted constants and temporaries for the f32x4 step, then scalars for the remainder.
  const [cStep, cL2, cBeta1, cKeep1, cBeta2, cKeep2, cInverse2, cEps, grad, first, second] = [18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28];
  const [sKeep1, sKeep2, sGrad, sFirst, sSecond] = [29, 30, 31, 32, 33];
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
      address(v),
      op.get(t.second),
      x.store,
      // w −= step·m / (√(v·inverse2) + ε)
      address(w),
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
      x.store,
    );
  const vectorStep = step(
    { load: op.v128Load(0), store: op.v128Store(0), zero: op.v128Zero, mul: op.vMul, add: op.vAdd, sub: op.vSub, div: op.vDiv, sqrt: op.vSqrt },
    { step: cStep, l2: cL2, beta1: cBeta1, keep1: cKeep1, beta2: cBeta2, keep2: cKeep2, inverse2: cInverse2, eps: cEps },
    { grad, first, second },
  );
  const scalarStep = step(
    { load: op.f32Load(0), store: op.f32Store(0), zero: op.f32Zero, mul: op.f32Mul, add: op.f32Add, sub: op.f32Sub, div: op.f32Div, sqrt: op.f32Sqrt },
    { step: stepSize, l2, beta1, keep1: sKeep1, beta2, keep2: sKeep2, inverse2, eps: epsilon },
    { grad: sGrad, first: sFirst, second: sSecond },
  );
  const oneMinus = (local: number, into: number): Bytes => join([0x43, 0x00, 0x00, 0x80, 0x3f], op.get(local), op.f32Sub, op.set(into));
  const splatInto = (local: number, into: number): Bytes => join(op.get(local), op.splat, op.set(into));
  const body = join(
    oneMinus(beta1, sKeep1),
    oneMinus(beta2, sKeep2),
    splatInto(stepSize, cStep),
    splatInto(l2, cL2),
    splatInto(beta1, cBeta1),
    splatInto(sKeep1, cKeep1),
    splatInto(beta2, cBeta2),
    splatInto(sKeep2, cKeep2),
    splatInto(inverse2, cInverse2),
    splatInto(epsilon, cEps),
    rowsLoop({ rows, count, width, i, start, k, rowBytes, vectorBytes }, vectorStep, scalarStep),
  );
  return {
    name: 'adamRows',
    params: [i32, i32, i32, i32, i32, i32, i32, f32, f32, f32, f32, f32, f32],
    locals: [i32, i32, i32, i32, i32, ...new Array<number>(11).fill(v128), ...new Array<number>(5).fill(f32)],
    body,
  };
}

function encodeLocals(types: number[]): Bytes {
  const groups: Bytes[] = [];
  for (let start = 0; start < types.length; ) {
    let end = start;
    while (end < types.length && types[end] === types[start]) end++;
    groups.push([...unsignedLeb(end - start), types[start]]);
    start = end;
  }
  return vector(groups);
}

function kernelModule(kernels: KernelFunction[]): Uint8Array {
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types = section(1, vector(kernels.map(({ params }) => [0x60, ...vector(params.map((type) => [type])), 0])));
  const imports = section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]]));
  const functions = section(3, vector(kernels.map((_, index) => unsignedLeb(index))));
  const exports = section(7, vector(kernels.map((kernel, index) => [...name(kernel.name), 0x00, ...unsignedLeb(index)])));
  const code = section(
    10,
    vector(
      kernels.map(({ locals, body }) => {
        const content = [...encodeLocals(locals), ...body, ...op.end];
        return [...unsignedLeb(content.length), ...content];
      }),
    ),
  );
  return Uint8Array.from([...header, ...types, ...imports, ...functions, ...exports, ...code]);
}

const bytes = kernelModule([gemm(), transpose(), mfLogits(), mfBackward(), sgdRows(), adamRows()]);
const wasm = (globalThis as { WebAssembly?: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
if (wasm !== undefined && !wasm.validate(bytes)) throw new Error('generated kernel module does not validate');
const target = path.resolve(__dirname, '../../libs/compute/src/native/wasm/kernels-binary.ts');
writeFileSync(
  target,
  [
    '// Generated by tools/scripts/build-native-wasm.ts; do not edit. WebAssembly SIMD kernels of',
    `// the native models, ${bytes.length} bytes.`,
    `export const nativeKernelsBase64 = '${Buffer.from(bytes).toString('base64')}';`,
    '',
  ].join('\n'),
);
process.stdout.write(`wrote ${target} (${bytes.length} bytes)\n`);
