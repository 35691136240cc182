/** A minimal WebAssembly binary encoder: the instructions and module layout the native kernels need. */
export type Bytes = number[];

export function unsignedLeb(value: number): Bytes {
  const out: Bytes = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

export function signedLeb(value: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export const vector = (items: Bytes[]): Bytes => [...unsignedLeb(items.length), ...items.flat()];
export const section = (id: number, body: Bytes): Bytes => [id, ...unsignedLeb(body.length), ...body];
export const name = (text: string): Bytes => vector([...Buffer.from(text, 'utf8')].map((byte) => [byte]));
export const join = (...parts: Bytes[]): Bytes => parts.flat();

export const i32 = 0x7f;
export const f32 = 0x7d;
export const v128 = 0x7b;
export const i64 = 0x7e;
export const f64 = 0x7c;
export const simd = (code: number): Bytes => [0xfd, ...unsignedLeb(code)];

/** The instructions the kernels use; each is its encoding. */
export const op = {
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
  i32Store: (offset: number): Bytes => [0x36, 2, ...unsignedLeb(offset)],
  shl: [0x74],
  shrU: [0x76],
  f32Ne: [0x5c],
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
  /** f32x4.relaxed_madd (relaxed SIMD): a·b + c, fused where the hardware has FMA. */
  vMadd: simd(0x105),
  /** v128.load32_splat: one f32 from memory into all four lanes. */
  load32Splat: (offset: number): Bytes => [...simd(0x09), 2, ...unsignedLeb(offset)],
  vSqrt: simd(0xe3),
  vGt: simd(0x44),
  vGe: simd(0x46),
  vAbs: simd(0xe0),
  f32Abs: [0x8b],
  f32Ge: [0x60],
  vAnd: simd(0x4e),
  vPmax: simd(0xeb),
  f32FromI32: [0xb2],
  i64Load: (offset: number): Bytes => [0x29, 3, ...unsignedLeb(offset)],
  i64Store: (offset: number): Bytes => [0x37, 3, ...unsignedLeb(offset)],
  i64Add: [0x7c],
  i64Xor: [0x85],
  i64And: [0x83],
  i64Sub: [0x7d],
  i64Shl: [0x86],
  i64ShrU: [0x88],
  i64Rotl: [0x89],
  i64Const: (value: number): Bytes => [0x42, ...signedLeb(value)],
  i64LtU: [0x54],
  i64FromF64: [0xb1],
  i64FromU32: [0xad],
  i32FromI64: [0xa7],
  f64Lt: [0x63],
  f64Load: (offset: number): Bytes => [0x2b, 3, ...unsignedLeb(offset)],
  f64Store: (offset: number): Bytes => [0x39, 3, ...unsignedLeb(offset)],
  f64Add: [0xa0],
  f64Mul: [0xa2],
  /** v128.load64_splat: one f64 from memory into both lanes. */
  load64Splat: (offset: number): Bytes => [...simd(0x0a), 3, ...unsignedLeb(offset)],
  f64x2Add: simd(0xf0),
  f64x2Mul: simd(0xf2),
  select: [0x1b],
};

/** Little-endian bytes of float32 thresholds for flushing: 2⁻¹²⁶ (smallest normal) and 2⁻⁶⁴. */
export const minNormal = [0x00, 0x00, 0x80, 0x00];
export const negligibleWeight = [0x00, 0x00, 0x80, 0x1f];

/**
 * The value of a local with magnitudes under the threshold (splatted in `thresholdLocal`, set
 * once by vectorConstant) replaced by 0, as flush-to-zero hardware does for subnormals: weights
 * and moments decaying towards 0 (Adam drives dead units' weights there) would otherwise make
 * their products subnormal, and every multiply on those ~100× slower.
 */
export const flushVectorBy = (local: number, thresholdLocal: number): Bytes =>
  [...op.get(local), ...op.get(local), ...op.vAbs, ...op.get(thresholdLocal), ...op.vGe, ...op.vAnd];
/** Sets a local to `bytes` (4) in every f32 lane, once before a loop. */
export const vectorConstant = (local: number, bytes: number[]): Bytes => [...simd(0x0c), ...bytes, ...bytes, ...bytes, ...bytes, ...op.set(local)];
export const flushScalar = (local: number, threshold = minNormal): Bytes =>
  [...op.get(local), ...op.f32Zero, ...op.get(local), ...op.f32Abs, 0x43, ...threshold, ...op.f32Ge, ...op.select];

/**
 * acc + x·y on f32x4 values given as expressions: mul then add, or with `fused` one
 * relaxed_madd (a single rounding where the hardware fuses it).
 */
export const multiplyAdd = (fused: boolean, acc: Bytes, x: Bytes, y: Bytes): Bytes =>
  fused ? join(x, y, acc, op.vMadd) : join(acc, x, y, op.vMul, op.vAdd);

/** `while (!exit) { body }`: exit is an i32 expression, non-zero to leave. */
export const whileNot = (exit: Bytes, ...body: Bytes[]): Bytes => join(op.block, op.loop, exit, op.brIf(1), ...body, op.br(0), op.end, op.end);
/** local += step (i32). */
export const advance = (local: number, step: Bytes): Bytes => join(op.get(local), step, op.add, op.set(local));
export const increment = (local: number, by: number): Bytes => advance(local, op.const(by));
/** `for (counter = count; counter > 0; counter--) body`, skipped when count is 0 (the body's last steps advance its pointers). */
export const countDown = (counter: number, count: Bytes, ...body: Bytes[]): Bytes =>
  join(count, op.set(counter), op.block, op.get(counter), op.eqz, op.brIf(0), op.loop, ...body, increment(counter, -1), op.get(counter), op.brIf(0), op.end, op.end);
/** local ≥ limit (i32, signed). */
export const atLeast = (local: number, limit: Bytes): Bytes => join(op.get(local), limit, op.geS);

export interface KernelFunction {
  name: string;
  params: number[];
  /** Types of the extra locals, numbered after the parameters. */
  locals: number[];
  body: Bytes;
}

export function encodeLocals(types: number[]): Bytes {
  const groups: Bytes[] = [];
  for (let start = 0; start < types.length; ) {
    let end = start;
    while (end < types.length && types[end] === types[start]) end++;
    groups.push([...unsignedLeb(end - start), types[start]]);
    start = end;
  }
  return vector(groups);
}

export function kernelModule(kernels: KernelFunction[]): Uint8Array {
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

