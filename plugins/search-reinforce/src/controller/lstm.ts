import * as tf from '@tensorflow/tfjs';

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

/**
 * `projected`, when given, is input·K_input + b computed beforehand (an embedding row's
 * projection is the same at every step that reads it), so only the recurrent rows are added.
 */
export function lstmStep(input: ArrayLike<number>, previous: LstmState, kernel: Float64Array, bias: Float64Array, projected?: Float64Array): LstmStep {
  const hidden = previous.h.length;
  const width = 4 * hidden;
  const z = Float64Array.from(projected ?? bias);
  const inputSize = input.length;
  // Plain loops over local variables: closures here cost V8 a factor of two.
  for (let r = projected ? inputSize : 0; r < inputSize + hidden; r++) {
    const value = r < inputSize ? input[r] : previous.h[r - inputSize];
    if (value === 0) continue;
    for (let k = 0, offset = r * width; k < width; k++, offset++) z[k] += value * kernel[offset];
  }
  const gates = new Float64Array(width);
  const h = new Float64Array(hidden);
  const c = new Float64Array(hidden);
  const tanhC = new Float64Array(hidden);
  for (let k = 0; k < hidden; k++) {
    const i = (gates[k] = sigmoid(z[k]));
    const f = (gates[hidden + k] = sigmoid(z[hidden + k]));
    const g = (gates[2 * hidden + k] = Math.tanh(z[2 * hidden + k]));
    const o = (gates[3 * hidden + k] = sigmoid(z[3 * hidden + k]));
    c[k] = f * previous.c[k] + i * g;
    tanhC[k] = Math.tanh(c[k]);
    h[k] = o * tanhC[k];
  }
  return { h, c, input, previous, gates, tanhC };
}

/**
 * Back through one step: given dL/dh' and dL/dc' (the latter from the next step), adds to the
 * kernel and bias gradients and returns dL/dinput, dL/dh and dL/dc of the previous state, and
 * dL/dz. With `skipInput` the input rows are left to the caller (who sums dz per input token).
 */
export function lstmBackward(
  step: LstmStep,
  dh: Float64Array,
  dcNext: Float64Array,
  kernel: Float64Array,
  dKernel: Float64Array,
  dBias: Float64Array,
  skipInput = false,
): { dInput: Float64Array; dh: Float64Array; dc: Float64Array; dz: Float64Array } {
  const hidden = dh.length;
  const width = 4 * hidden;
  const { gates, tanhC, previous, input } = step;
  const dz = new Float64Array(width);
  const dcPrevious = new Float64Array(hidden);
  for (let k = 0; k < hidden; k++) {
    const i = gates[k];
    const f = gates[hidden + k];
    const g = gates[2 * hidden + k];
    const o = gates[3 * hidden + k];
    const dc = dh[k] * o * (1 - tanhC[k] * tanhC[k]) + dcNext[k];
    dz[k] = dc * g * i * (1 - i);
    dz[hidden + k] = dc * previous.c[k] * f * (1 - f);
    dz[2 * hidden + k] = dc * i * (1 - g * g);
    dz[3 * hidden + k] = dh[k] * tanhC[k] * o * (1 - o);
    dcPrevious[k] = dc * f;
  }
  for (let k = 0; k < width; k++) dBias[k] += dz[k];
  const inputSize = input.length;
  // Row r of the kernel multiplies the r-th entry of [input, previous h].
  const dInput = new Float64Array(inputSize);
  const dhPrevious = new Float64Array(hidden);
  for (let r = skipInput ? inputSize : 0; r < inputSize + hidden; r++) {
    const value = r < inputSize ? input[r] : previous.h[r - inputSize];
    let back = 0;
    for (let k = 0, offset = r * width; k < width; k++, offset++) {
      const d = dz[k];
      dKernel[offset] += value * d;
      back += kernel[offset] * d;
    }
    if (r < inputSize) dInput[r] = back;
    else dhPrevious[r - inputSize] = back;
  }
  return { dInput, dh: dhPrevious, dc: dcPrevious, dz };
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
