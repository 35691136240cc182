import * as tf from '@tensorflow/tfjs';
import { jsKernelProducts, type KernelProducts } from './kernel-products';

/**
 * One LSTM cell: z = [x, h]·K + b with K of shape (inputSize + hidden) × 4·hidden, gates in
 * the order input, forget, candidate, output; c' = f·c + i·g, h' = o·tanh(c').
 * The JS form (sampling, native gradient) and the tfjs form (the twin) compute the same function.
 */
export interface LstmState {
  h: Float64Array;
  c: Float64Array;
}

/** What the backward pass needs of one forward step. */
export interface LstmStep extends LstmState {
  input: ArrayLike<number>;
  previous: LstmState;
  /** Activated gates i, f, g, o, each `hidden` long. */
  gates: Float64Array;
  tanhC: Float64Array;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function zeroState(hidden: number): LstmState {
  return { h: new Float64Array(hidden), c: new Float64Array(hidden) };
}

/** z[k] += Σ_r v[r]·kernel[firstRow + r, k] over rows in order (zero entries add nothing). */
function addRowsTimesKernel(v: ArrayLike<number>, kernel: Float64Array, firstRow: number, width: number, z: Float64Array): void {
  for (let r = 0; r < v.length; r++) {
    const value = v[r];
    if (value === 0) continue;
    for (let k = 0, offset = (firstRow + r) * width; k < width; k++, offset++) z[k] += value * kernel[offset];
  }
}

/** One step of the cell from the row-major kernel. */
export function lstmStep(input: ArrayLike<number>, previous: LstmState, kernel: Float64Array, bias: Float64Array): LstmStep {
  const hidden = previous.h.length;
  const width = 4 * hidden;
  const gates = new Float64Array(width);
  // z is built in `gates` and activated in place.
  gates.set(bias);
  // Plain loops over local variables: closures here cost V8 a factor of two.
  addRowsTimesKernel(input, kernel, 0, width, gates);
  addRowsTimesKernel(previous.h, kernel, input.length, width, gates);
  return activate(gates, input, previous);
}

/**
 * `lstmStep` through the kernel's products (see KernelProducts): the same values, faster for
 * the sampler, which reads each kernel many times between weight changes. `projected`, when
 * given, is input·K_input + b computed beforehand (an embedding row's projection is the same at
 * every step that reads it), so only the recurrent rows are added.
 */
export function lstmStepWith(input: Float64Array, previous: LstmState, kernel: KernelProducts, bias: Float64Array, projected?: Float64Array): LstmStep {
  const hidden = previous.h.length;
  const inputSize = input.length;
  // One allocation for the step's gates, h, c and tanh(c): small typed arrays are costly to make one by one.
  const memory = new Float64Array(7 * hidden);
  const gates = memory.subarray(0, 4 * hidden);
  gates.set(projected ?? bias);
  if (!projected) kernel.addRowsTimes(input, 0, gates);
  kernel.addRowsTimes(previous.h, inputSize, gates);
  return activate(gates, input, previous, memory);
}

/** The LSTM cell on pre-activations z (held in `gates`, activated in place). */
function activate(gates: Float64Array, input: ArrayLike<number>, previous: LstmState, memory?: Float64Array): LstmStep {
  const hidden = previous.h.length;
  const h = memory ? memory.subarray(4 * hidden, 5 * hidden) : new Float64Array(hidden);
  const c = memory ? memory.subarray(5 * hidden, 6 * hidden) : new Float64Array(hidden);
  const tanhC = memory ? memory.subarray(6 * hidden, 7 * hidden) : new Float64Array(hidden);
  const previousC = previous.c;
  for (let k = 0; k < hidden; k++) {
    const i = (gates[k] = sigmoid(gates[k]));
    const f = (gates[hidden + k] = sigmoid(gates[hidden + k]));
    const g = (gates[2 * hidden + k] = Math.tanh(gates[2 * hidden + k]));
    const o = (gates[3 * hidden + k] = sigmoid(gates[3 * hidden + k]));
    const ck = (c[k] = f * previousC[k] + i * g);
    const t = (tanhC[k] = Math.tanh(ck));
    h[k] = o * t;
  }
  return { h, c, input, previous, gates, tanhC };
}

/** dL/dz of one step, and dL/dc of the previous state, from dL/dh' and dL/dc'. */
function gateGradients(step: LstmStep, dh: Float64Array, dcNext: Float64Array, dz: Float64Array, dcPrevious: Float64Array): void {
  const hidden = dh.length;
  const { gates, tanhC } = step;
  const previousC = step.previous.c;
  for (let k = 0; k < hidden; k++) {
    const i = gates[k];
    const f = gates[hidden + k];
    const g = gates[2 * hidden + k];
    const o = gates[3 * hidden + k];
    const t = tanhC[k];
    const dc = dh[k] * o * (1 - t * t) + dcNext[k];
    dz[k] = dc * g * i * (1 - i);
    dz[hidden + k] = dc * previousC[k] * f * (1 - f);
    dz[2 * hidden + k] = dc * i * (1 - g * g);
    dz[3 * hidden + k] = dh[k] * t * o * (1 - o);
    dcPrevious[k] = dc * f;
  }
}

/**
 * Back through one step: given dL/dh' and dL/dc' (the latter from the next step), adds to the
 * kernel and bias gradients and returns dL/dinput, dL/dh and dL/dc of the previous state, and
 * dL/dz.
 */
export function lstmBackward(
  step: LstmStep,
  dh: Float64Array,
  dcNext: Float64Array,
  kernel: Float64Array,
  dKernel: Float64Array,
  dBias: Float64Array,
): { dInput: Float64Array; dh: Float64Array; dc: Float64Array; dz: Float64Array } {
  const hidden = dh.length;
  const inputSize = step.input.length;
  const out = { dz: new Float64Array(4 * hidden), dInput: new Float64Array(inputSize), dh: new Float64Array(hidden), dc: new Float64Array(hidden) };
  lstmBackwardInto(step, dh, dcNext, jsKernelProducts(kernel, inputSize + hidden), dBias, out);
  // Row r of the kernel multiplies the r-th entry of [input, previous h].
  addOuterProduct(step.input, 0, out.dz, dKernel);
  addOuterProduct(step.previous.h, inputSize, out.dz, dKernel);
  return out;
}

/** kernel[firstRow + r, k] += v[r]·dz[k]. */
function addOuterProduct(v: ArrayLike<number>, firstRow: number, dz: Float64Array, kernel: Float64Array): void {
  const width = dz.length;
  for (let r = 0; r < v.length; r++) {
    const value = v[r];
    for (let k = 0, offset = (firstRow + r) * width; k < width; k++, offset++) kernel[offset] += value * dz[k];
  }
}

/** Caller-owned outputs of `lstmBackwardInto` (dInput may be null when the input rows are skipped). */
export interface LstmGradients {
  dz: Float64Array;
  dInput: Float64Array | null;
  dh: Float64Array;
  dc: Float64Array;
}

/**
 * `lstmBackward` without the kernel gradient (the caller records x and dz, see
 * KernelGradientLog) and without allocating: writes dz, dL/dinput (unless `out.dInput` is
 * null), dL/dh and dL/dc of the previous state into `out`. Same arithmetic, same order.
 */
export function lstmBackwardInto(step: LstmStep, dh: Float64Array, dcNext: Float64Array, kernel: KernelProducts, dBias: Float64Array, out: LstmGradients): void {
  const { dz } = out;
  gateGradients(step, dh, dcNext, dz, out.dc);
  for (let k = 0; k < dz.length; k++) dBias[k] += dz[k];
  const inputSize = step.input.length;
  if (out.dInput) kernel.rowsTimes(0, dz, out.dInput);
  kernel.rowsTimes(inputSize, dz, out.dh);
}

export interface TensorLstmState {
  h: tf.Tensor2D;
  c: tf.Tensor2D;
}

export function tensorLstmStep(x: tf.Tensor2D, state: TensorLstmState, kernel: tf.Tensor, bias: tf.Tensor): TensorLstmState {
  const z = tf.add(tf.matMul(tf.concat([x, state.h], 1), kernel as tf.Tensor2D), bias);
  const [i, f, g, o] = tf.split(z, 4, 1);
  const c = tf.add(tf.mul(tf.sigmoid(f), state.c), tf.mul(tf.sigmoid(i), tf.tanh(g))) as tf.Tensor2D;
  const h = tf.mul(tf.sigmoid(o), tf.tanh(c)) as tf.Tensor2D;
  return { h, c };
}

/** h · W for a row vector h and a row-major matrix W (rows × totalColumns), first `columns` columns only. */
export function rowTimesMatrix(h: ArrayLike<number>, w: Float64Array, totalColumns: number, columns = totalColumns): Float64Array {
  const out = new Float64Array(columns);
  for (let r = 0; r < h.length; r++) {
    const hr = h[r];
    const row = r * totalColumns;
    for (let k = 0; k < columns; k++) out[k] += hr * w[row + k];
  }
  return out;
}
