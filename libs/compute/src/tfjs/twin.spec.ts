import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Rng, type GroupSettings, type ParameterTensor, type Recommender } from '@recsearch/core';
import { registerSegmentSumKernels } from '../backend/segment-sum-kernel';
import { NativeMf } from '../native/mf';
import { NativeMlp } from '../native/mlp';
import type { NativeRecommender } from '../native/native-recommender';
import { NativeNeuMf } from '../native/neumf';
import { createTfjsTwin } from './twin';

const sizes = { users: 20, items: 25 };
const makers: Record<string, () => NativeRecommender> = {
  'mf (sgd)': () => new NativeMf({ ...sizes, dim: 8, embeddingStd: 0.5, globalBias: 0.1, seed: 1 }),
  'mf (adam, dense decay)': () =>
    new NativeMf({ ...sizes, dim: 8, embeddingStd: 0.5, seed: 1, optimizer: { kind: 'adam', embeddingDecay: 'all' } }),
  'mlp (batch norm, dropout 0.2, amsgrad)': () =>
    new NativeMlp({ ...sizes, dim: 8, hidden: [16, 8], dropout: 0.2, embeddingStd: 0.5, seed: 2, optimizer: { kind: 'amsgrad' } }),
  'neumf (sgd, clipped)': () =>
    new NativeNeuMf({ ...sizes, gmfDim: 4, mlpDim: 8, hidden: [8, 4, 4], embeddingStd: 0.5, seed: 3, optimizer: { clipValue: 0.05 } }),
};

/**
 * |a − b| ≤ 1e-4 · max(|b|, 1e-2 · max|b|, 1e-3): relative, except that entries under 1% of the
 * tensor's largest are compared relative to that 1% (float32 sums in another order), and
 * a bias before batch norm, whose gradient is mathematically 0, may differ by float noise under 1e-7.
 */
function expectClose(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  for (const value of expected) scale = Math.max(scale, Math.abs(value));
  let worst = 0;
  let at = -1;
  for (let k = 0; k < expected.length; k++) {
    const error = Math.abs(actual[k] - expected[k]) / Math.max(Math.abs(expected[k]), 1e-2 * scale, 1e-3);
    if (error > worst) [worst, at] = [error, k];
  }
  if (worst > 1e-4) throw new Error(`${what}: relative error ${worst} at ${at} (${actual[at]} vs ${expected[at]})`);
}

function expectSameTensors(actual: readonly ParameterTensor[], expected: readonly ParameterTensor[], field: 'values' | 'gradient'): void {
  expect(actual.map((t) => t.name)).toEqual(expected.map((t) => t.name));
  actual.forEach((tensor, index) => expectClose(tensor[field], expected[index][field], `${tensor.name}.${field}`));
}

function batchOf(rng: Rng, n: number) {
  const users = Int32Array.from({ length: n }, () => rng.int(0, sizes.users - 1));
  const items = Int32Array.from({ length: n }, () => rng.int(0, sizes.items - 1));
  users[1] = users[0];
  items[2] = items[0];
  return { users, items };
}

let wasmReady: Promise<boolean> | undefined;
/** Whether the wasm backend initialises within 5 s here (tried once; the tests on it are skipped if not). */
function wasmAvailable(): Promise<boolean> {
  wasmReady ??= (async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5000)));
    try {
      return await Promise.race([tf.setBackend('wasm'), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  })();
  return wasmReady;
}

describe.each(['cpu', 'wasm'])('native models and their tfjs twins agree on the %s backend', (backend) => {
  let available = false;
  beforeAll(async () => {
    registerSegmentSumKernels();
    available = (await wasmAvailable()) || backend === 'cpu' ? await tf.setBackend(backend) : false;
  });

  it.each(Object.keys(makers))('%s: same ŷ, gradients and updated parameters over three steps', (name) => {
    if (!available) return; // wasm did not initialise here: nothing to compare.
    const native = makers[name]();
    const twin = createTfjsTwin(native);
    const rng = Rng.fromSeed(7);
    const settings: GroupSettings[] = native.layerGroups.map((_, group) => ({ learningRate: 0.05 * (group + 1), l2: 0.01 }));
    let tensorsAfterFirstStep = 0;
    for (let step = 0; step < 3; step++) {
      const batch = batchOf(rng, 16);
      const nativeYhat = native.predict(batch, true);
      expectClose(twin.predict(batch, true), nativeYhat, `step ${step} ŷ`);
      const lossGradient = Float32Array.from({ length: 16 }, () => rng.normal());
      native.backward(lossGradient);
      twin.backward(lossGradient);
      expectSameTensors(twin.parameters(), native.parameters(), 'gradient');
      native.applyGradients(settings);
      twin.applyGradients(settings);
      expectSameTensors(twin.parameters(), native.parameters(), 'values');
      if (step === 0) tensorsAfterFirstStep = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(tensorsAfterFirstStep);
    const evaluation = batchOf(rng, 10);
    expectClose(twin.predict(evaluation), native.predict(evaluation), 'evaluation ŷ');
    expectSameTensors(twin.parameters(), native.parameters(), 'values');
    // Snapshots share one format both ways.
    const back = makers[name]();
    back.restore(twin.snapshot());
    expectClose(back.predict(evaluation), native.predict(evaluation), 'native restored from twin');
    twin.dispose();
  });
});

describe('explicit ℓ2 (addScaledParameters) on native models and their tfjs twins', () => {
  beforeAll(async () => {
    registerSegmentSumKernels();
    await tf.setBackend('cpu');
  });

  it.each(['mf (sgd)', 'mf (adam, dense decay)', 'mlp (batch norm, dropout 0.2, amsgrad)'])('%s: the same gradients and steps, which the term changes', (name) => {
    const native = makers[name]();
    const twin = createTfjsTwin(native);
    const without = makers[name]();
    const rng = Rng.fromSeed(3);
    const settings: GroupSettings[] = native.layerGroups.map(() => ({ learningRate: 0.1, l2: 0 }));
    for (let step = 0; step < 2; step++) {
      const batch = batchOf(rng, 16);
      const lossGradient = Float32Array.from({ length: 16 }, () => rng.normal());
      for (const model of [native, twin, without] as Recommender[]) {
        model.predict(batch, true);
        model.backward(lossGradient);
      }
      native.addScaledParameters(0.5);
      twin.addScaledParameters(0.5);
      // Under embeddingDecay 'touched' the native tables get the term on the batch's rows only; the twin's row masks keep the others still.
      if (native.optimizerOptions.embeddingDecay === 'all') expectSameTensors(twin.parameters(), native.parameters(), 'gradient');
      for (const model of [native, twin, without] as Recommender[]) model.applyGradients(settings);
      expectSameTensors(twin.parameters(), native.parameters(), 'values');
    }
    const moved = native.parameters()[0].values.some((value, k) => Math.abs(value - without.parameters()[0].values[k]) > 1e-4);
    expect(moved).toBe(true);
    twin.dispose();
  });
});

describe('UnsortedSegmentSum kernel', () => {
  it.each(['cpu', 'wasm'])('sums rows by segment in one pass on %s', async (backend) => {
    registerSegmentSumKernels();
    if (!(await wasmAvailable()) && backend === 'wasm') return;
    await tf.setBackend(backend);
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
    const sum = tf.unsortedSegmentSum(x, tf.tensor1d([2, 0, 2, 5], 'int32'), 3);
    expect(sum.shape).toEqual([3, 2]);
    expect(Array.from(sum.dataSync())).toEqual([3, 4, 0, 0, 6, 8]);
    // The gradient of gather, i.e. of an embedding lookup, runs through it.
    const table = tf.variable(tf.zeros([3, 2]));
    const { grads } = tf.variableGrads(() => tf.sum(tf.gather(table, tf.tensor1d([1, 1, 2], 'int32'))), [table]);
    expect(Array.from(grads[table.name].dataSync())).toEqual([0, 0, 2, 2, 1, 1]);
    tf.dispose([x, sum, table, grads[table.name]]);
  });
});

describe('twin lifecycle', () => {
  beforeAll(async () => {
    await wasmAvailable();
    await tf.setBackend('cpu');
  });

  it('a twin clone is independent and dispose releases its tensors', () => {
    const before = tf.memory().numTensors;
    const twin = createTfjsTwin(new NativeMf({ ...sizes, dim: 4, seed: 1 }));
    const copy: Recommender = twin.clone();
    const batch = batchOf(Rng.fromSeed(1), 8);
    const yhat = twin.predict(batch, true);
    copy.predict(batch, true);
    copy.backward(new Float32Array(8).fill(1));
    copy.applyGradients([
      { learningRate: 1, l2: 0 },
      { learningRate: 1, l2: 0 },
    ]);
    expect(twin.predict(batch)).toEqual(yhat);
    expect(copy.predict(batch)).not.toEqual(yhat);
    twin.dispose();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
