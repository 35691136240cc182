import { Float64Arena } from '@recsearch/compute';
import { Rng } from '@recsearch/core';
import { ArenaKernelGradientLog, KernelGradientLog } from './kernel-gradient';
import { jsKernelProducts, WasmKernelProducts, type KernelProducts } from './kernel-products';
import { lstmBackward, lstmBackwardInto, lstmStep, lstmStepWith, zeroState, type LstmState } from './lstm';

const randomArray = (rng: Rng, length: number) => Float64Array.from({ length }, () => rng.uniform(-1, 1));

/** A few chained steps of one LSTM (input size 5, hidden 6: a width that is no multiple of 4·4). */
function unrolled(seed: number) {
  const rng = Rng.fromSeed(seed);
  const inputSize = 5;
  const hidden = 6;
  const kernel = randomArray(rng, (inputSize + hidden) * 4 * hidden);
  const bias = randomArray(rng, 4 * hidden);
  const inputs = Array.from({ length: 4 }, () => randomArray(rng, inputSize));
  return { rng, inputSize, hidden, kernel, bias, inputs };
}

describe('LSTM fast paths', () => {
  /** The kernel products under test: the JS loops, and the wasm kernel where the runtime has SIMD. */
  const productsOf = (kernel: Float64Array, rows: number): Array<[string, KernelProducts]> => {
    const arena = Float64Arena.create();
    const wasm = arena && new WasmKernelProducts(arena, rows, kernel.length / rows).load(kernel);
    return [['js', jsKernelProducts(kernel, rows)], ...(wasm ? [['wasm', wasm] as [string, KernelProducts]] : [])];
  };

  it('a step through the kernel products (JS and wasm) equals the row-major step to the bit, from a zero state and after', () => {
    const { inputSize, hidden, kernel, bias, inputs } = unrolled(1);
    expect(productsOf(kernel, inputSize + hidden).length).toBe(Float64Arena.create() ? 2 : 1);
    for (const [, products] of productsOf(kernel, inputSize + hidden)) {
      let plain: LstmState = zeroState(hidden);
      let fast: LstmState = zeroState(hidden);
      for (const input of inputs) {
        const a = lstmStep(input, plain, kernel, bias);
        const b = lstmStepWith(input, fast, products, bias);
        expect(Array.from(b.h)).toEqual(Array.from(a.h));
        expect(Array.from(b.c)).toEqual(Array.from(a.c));
        expect(Array.from(b.gates)).toEqual(Array.from(a.gates));
        [plain, fast] = [a, b];
      }
    }
  });

  it('rowsTimes (JS and wasm) equals Σ_k K[firstRow + r, k]·dz[k] summed in order, to the bit', () => {
    const rng = Rng.fromSeed(3);
    const [rows, width] = [64, 128];
    const kernel = randomArray(rng, rows * width);
    const dz = randomArray(rng, width);
    for (const [firstRow, count] of [[0, 32], [32, 32], [5, 7]]) {
      const expected = Array.from({ length: count }, (_, r) => {
        let sum = 0;
        for (let k = 0; k < width; k++) sum += kernel[(firstRow + r) * width + k] * dz[k];
        return sum;
      });
      for (const [name, products] of productsOf(kernel, rows)) {
        const out = new Float64Array(count).fill(NaN);
        products.rowsTimes(firstRow, dz, out);
        expect([name, Array.from(out)]).toEqual([name, expected]);
      }
    }
  });

  it('the logged kernel gradient (lstmBackwardInto plus KernelGradientLog) equals lstmBackward\'s to the bit', () => {
    const { rng, inputSize, hidden, kernel, bias, inputs } = unrolled(2);
    const steps: ReturnType<typeof lstmStep>[] = [];
    let state: LstmState = zeroState(hidden);
    for (const input of inputs) steps.push((state = lstmStep(input, state, kernel, bias)));
    const width = 4 * hidden;
    const expectedKernel = new Float64Array(kernel.length);
    const actualKernel = new Float64Array(kernel.length);
    const log = new KernelGradientLog(0, inputSize + hidden, width);
    let dh: Float64Array = randomArray(rng, hidden);
    let dc: Float64Array = randomArray(rng, hidden);
    const out = { dz: new Float64Array(width), dInput: new Float64Array(inputSize), dh: new Float64Array(hidden), dc: new Float64Array(hidden) };
    for (let t = steps.length - 1; t >= 0; t--) {
      const expected = lstmBackward(steps[t], dh, dc, kernel, expectedKernel, new Float64Array(width));
      lstmBackwardInto(steps[t], dh, dc, jsKernelProducts(kernel, inputSize + hidden), new Float64Array(width), out);
      log.record(steps[t].input, steps[t].previous.h, out.dz);
      dh = Float64Array.from(expected.dh, (value) => value + 0.1);
      dc = expected.dc;
    }
    log.addInto(actualKernel);
    expect(Array.from(actualKernel)).toEqual(Array.from(expectedKernel));
  });

  (Float64Arena.create() ? it : it.skip)('the kernel gradient logged in the wasm arena equals the JS log to the bit, past its first growth', () => {
    const arena = Float64Arena.create() as Float64Arena;
    const rng = Rng.fromSeed(5);
    const [firstRow, split, rows, width] = [3, 4, 9, 20];
    const start = randomArray(rng, (firstRow + rows + 2) * width);
    const [js, wasm] = [new KernelGradientLog(firstRow, rows, width), new ArenaKernelGradientLog(arena, firstRow, rows, width)];
    for (const round of [100, 7]) {
      const [a, b] = [Float64Array.from(start), Float64Array.from(start)];
      js.clear();
      wasm.clear();
      for (let n = 0; n < round; n++) {
        const [first, second, dz] = [randomArray(rng, split), randomArray(rng, rows - split), randomArray(rng, width)];
        js.record(first, second, dz);
        wasm.record(first, second, dz);
      }
      js.addInto(a);
      wasm.addInto(b);
      expect(Array.from(b)).toEqual(Array.from(a));
      expect(Array.from(b)).not.toEqual(Array.from(start));
    }
  });

  it('backward matches central differences of one step for L = wₕ·h\' + w_c·c\'', () => {
    const { rng, hidden, kernel, bias, inputs } = unrolled(4);
    const previous = lstmStep(inputs[0], zeroState(hidden), kernel, bias);
    const input = inputs[1];
    const [wh, wc] = [randomArray(rng, hidden), randomArray(rng, hidden)];
    const loss = (x: Float64Array, from: LstmState, k: Float64Array, b: Float64Array) => {
      const next = lstmStep(x, from, k, b);
      let sum = 0;
      for (let j = 0; j < hidden; j++) sum += wh[j] * next.h[j] + wc[j] * next.c[j];
      return sum;
    };
    const dKernel = new Float64Array(kernel.length);
    const dBias = new Float64Array(bias.length);
    const back = lstmBackward(lstmStep(input, previous, kernel, bias), wh, wc, kernel, dKernel, dBias);
    const from = { h: previous.h, c: previous.c };
    const checks: Array<[Float64Array, Float64Array]> = [
      [input, back.dInput],
      [from.h, back.dh],
      [from.c, back.dc],
      [kernel, dKernel],
      [bias, dBias],
    ];
    for (const [values, gradient] of checks) {
      values.forEach((value, i) => {
        values[i] = value + 1e-6;
        const up = loss(input, from, kernel, bias);
        values[i] = value - 1e-6;
        const down = loss(input, from, kernel, bias);
        values[i] = value;
        expect(Math.abs(gradient[i] - (up - down) / 2e-6)).toBeLessThan(1e-7);
      });
    }
  });

  it('the kernel gradient log sums x·dzᵀ over many records in order, on a slice of rows, onto what is there', () => {
    const rng = Rng.fromSeed(3);
    const [firstRow, rows, width, records] = [2, 5, 7, 150];
    const log = new KernelGradientLog(firstRow, rows, width);
    const start = randomArray(rng, (firstRow + rows + 1) * width);
    const expected = Float64Array.from(start);
    for (let n = 0; n < records; n++) {
      const x = randomArray(rng, rows);
      const dz = randomArray(rng, width);
      log.record(x.subarray(0, 2), x.subarray(2), dz);
      for (let r = 0; r < rows; r++) for (let k = 0; k < width; k++) expected[(firstRow + r) * width + k] += x[r] * dz[k];
    }
    const actual = Float64Array.from(start);
    log.addInto(actual);
    expect(Array.from(actual)).toEqual(Array.from(expected));
    log.clear();
    log.addInto(actual);
    expect(Array.from(actual)).toEqual(Array.from(expected));
  });
});
