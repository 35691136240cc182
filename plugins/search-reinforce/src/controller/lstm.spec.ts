import { Rng } from '@recsearch/core';
import { KernelGradientLog } from './kernel-gradient';
import { lstmBackward, lstmBackwardInto, lstmStep, lstmStepTransposed, transposeKernel, zeroState, type LstmState } from './lstm';

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
  it('a step from the transposed kernel equals the row-major step to the bit, from a zero state and after', () => {
    const { inputSize, hidden, kernel, bias, inputs } = unrolled(1);
    const kernelT = transposeKernel(kernel, inputSize + hidden);
    let plain: LstmState = zeroState(hidden);
    let fast: LstmState = zeroState(hidden);
    for (const input of inputs) {
      const a = lstmStep(input, plain, kernel, bias);
      const b = lstmStepTransposed(input, fast, kernelT, bias);
      expect(Array.from(b.h)).toEqual(Array.from(a.h));
      expect(Array.from(b.c)).toEqual(Array.from(a.c));
      expect(Array.from(b.gates)).toEqual(Array.from(a.gates));
      [plain, fast] = [a, b];
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
      lstmBackwardInto(steps[t], dh, dc, kernel, new Float64Array(width), out);
      log.record(steps[t].input, steps[t].previous.h, out.dz);
      dh = Float64Array.from(expected.dh, (value) => value + 0.1);
      dc = expected.dc;
    }
    log.addInto(actualKernel);
    expect(Array.from(actualKernel)).toEqual(Array.from(expectedKernel));
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
