import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Rng, type Recommender } from '@recsearch/core';
import {
  binaryCrossEntropy,
  createTfjsTwin,
  NativeMf,
  NativeMlp,
  registerSegmentSumKernels,
  trainEpoch,
  type TrainingPairs,
} from '@recsearch/compute';

interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
}

/** ML-100K's shape: 943 users, 1,682 items. */
const users = 943;
const items = 1682;

function pairs(rows: number, seed: number): TrainingPairs {
  const rng = Rng.fromSeed(seed);
  const data = { users: new Int32Array(rows), items: new Int32Array(rows), labels: new Float32Array(rows) };
  for (let r = 0; r < rows; r++) {
    data.users[r] = rng.int(0, users - 1);
    data.items[r] = rng.int(0, items - 1);
    data.labels[r] = rng.float() < 0.56 ? 1 : 0;
  }
  return data;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function epochSeconds(model: Recommender, data: TrainingPairs, batchSize: number, repeats: number): number {
  const settings = model.layerGroups.map(() => ({ learningRate: 0.01, l2: 1e-4 }));
  const rng = Rng.fromSeed(1);
  const times: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    times.push(trainEpoch(model, data, { loss: binaryCrossEntropy, batchSize, settings, rng }).seconds);
  }
  return median(times);
}

/** Nanoseconds per float multiply-add in a plain loop: how fast this machine is right now. */
function machineSpeed(): number {
  const a = new Float32Array(4096).fill(0.5);
  const b = new Float32Array(4096).fill(0.25);
  let sum = 0;
  const started = performance.now();
  for (let repeat = 0; repeat < 5000; repeat++) for (let k = 0; k < 4096; k++) sum += a[k] * b[k];
  const elapsed = performance.now() - started;
  return sum > 0 ? (elapsed * 1e6) / (5000 * 4096) : NaN;
}

/**
 * One MF epoch (100,000 rows, d = 64, batch 256): native loops against tfjs wasm and cpu. The
 * cpu figure is extrapolated from 100 batches (its cost per batch is constant) to keep the run short.
 */
export async function run(): Promise<BenchRow[]> {
  const data = pairs(100_000, 42);
  const rows: BenchRow[] = [{ name: 'machine speed: plain-loop float multiply-add', value: machineSpeed(), unit: 'ns' }];
  const mf = (): NativeMf => new NativeMf({ users, items, dim: 64, seed: 1 });

  const native = mf();
  epochSeconds(native, data, 256, 1);
  const nativeSeconds = epochSeconds(native, data, 256, 5);
  rows.push({ name: 'MF epoch, native (100k rows, d=64, batch 256)', value: nativeSeconds, unit: 's', target: '≈ 0.05 s', ok: nativeSeconds <= 0.06 });

  const mlpData = pairs(94_638, 43);
  const mlpSeconds = epochSeconds(new NativeMlp({ users, items, dim: 64, seed: 1 }), mlpData, 128, 2);
  rows.push({ name: 'MLP epoch, native (94,638 rows, d=64, [64, 16], batch 128)', value: mlpSeconds, unit: 's', target: '≤ 0.3 s', ok: mlpSeconds <= 0.3 });

  const clones: number[] = [];
  for (let repeat = 0; repeat < 20; repeat++) {
    const started = performance.now();
    native.clone();
    clones.push(performance.now() - started);
  }
  const cloneMs = median(clones);
  rows.push({ name: 'MF clone, native (ML-100K size, d=64)', value: cloneMs, unit: 'ms', target: '< 1 ms', ok: cloneMs < 1 });

  registerSegmentSumKernels();
  for (const backend of ['wasm', 'cpu']) {
    let ready = false;
    try {
      ready = await tf.setBackend(backend);
    } catch {
      ready = false;
    }
    if (!ready) continue;
    const twin = createTfjsTwin(mf());
    const share = backend === 'cpu' ? 256 * 100 : data.users.length;
    const part = { users: data.users.subarray(0, share), items: data.items.subarray(0, share), labels: data.labels.subarray(0, share) };
    const tensorsBefore = tf.memory().numTensors;
    const seconds = (epochSeconds(twin, part, 256, 1) * data.users.length) / share;
    const leaked = tf.memory().numTensors - tensorsBefore;
    twin.dispose();
    rows.push({
      name: `MF epoch, tfjs ${backend} (100k rows, d=64, batch 256${share < data.users.length ? ', from 100 batches' : ''})`,
      value: seconds,
      unit: 's',
      target: backend === 'wasm' ? '≈ 1.1 s' : '≈ 7 s',
    });
    rows.push({ name: `tfjs ${backend} tensors left after an epoch`, value: leaked, unit: 'tensors', target: '0', ok: leaked === 0 });
  }
  return rows;
}
