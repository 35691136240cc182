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

  it('backward without the kernel gradient, plus the logged kernel gradient, equals lstmBackward to the bit', () => {
    const { rng, inputSize, hidden, kernel, bias, inputs } = unrolled(2);
    const steps: ReturnType<typeof lstmStep>[] = [];
    let state: LstmState = zeroState(hidden);
    for (const input of inputs) steps.push((state = lstmStep(input, state, kernel, bias)));
    const width = 4 * hidden;
    const expectedKernel = new Float64Array(kernel.length);
    const expectedBias = new Float64Array(width);
    const actualKernel = new Float64Array(kernel.length);
    const actualBias = new Float64Array(width);
    const log = new KernelGradientLog(0, inputSize + hidden, width);
    let dh: Float64Array = randomArray(rng, hidden);
    let dc: Float64Array = randomArray(rng, hidden);
    const out = { dz: new Float64Array(width), dInput: new Float64Array(inputSize), dh: new Float64Array(hidden), dc: new Float64Array(hidden) };
    for (let t = steps.length - 1; t >= 0; t--) {
      const expected = lstmBackward(steps[t], dh, dc, kernel, expectedKernel, expectedBias);
      lstmBackwardInto(steps[t], dh, dc, kernel, actualBias, out);
      log.record(steps[t].input, steps[t].previous.h, out.dz);
      expect(Array.from(out.dz)).toEqual(Array.from(expected.dz));
      expect(Array.from(out.dInput)).toEqual(Array.from(expected.dInput));
      expect(Array.from(out.dh)).toEqual(Array.from(expected.dh));
      expect(Array.from(out.dc)).toEqual(Array.from(expected.dc));
      dh = Float64Array.from(expected.dh, (value) => value + 0.1);
      dc = expected.dc;
    }
    log.addInto(actualKernel);
    expect(Array.from(actualBias)).toEqual(Array.from(expectedBias));
    expect(Array.from(actualKernel)).toEqual(Array.from(expectedKernel));
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
