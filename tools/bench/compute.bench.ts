import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Rng, type Recommender } from '@recsearch/core';
import {
  ArenaPlan,
  binaryCrossEntropy,
  createTfjsTwin,
  fusedMultiplyAddEnabled,
  gemm,
  gemmInArena,
  NativeMf,
  NativeMlp,
  registerSegmentSumKernels,
  setFusedMultiplyAdd,
  setSimdEnabled,
  simdEnabled,
  TensorArena,
  trainEpoch,
  type Gemm,
  type OptimizerOptions,
  type TrainingPairs,
} from '@recsearch/compute';
import { readAutoLossGenSplit, syntheticDataset } from '@recsearch/data';
import { median, type BenchRow } from './bench-row';


let peakRss = 0;
const sampleRss = (): number => {
  const rss = process.memoryUsage().rss;
  peakRss = Math.max(peakRss, rss);
  return rss;
};

interface Workload {
  label: string;
  users: number;
  items: number;
  train: TrainingPairs;
}

/** The AutoLossGen ML-100K training split when ../shared/data has it, else synthetic pairs of its size. */
async function ml100kTraining(): Promise<Workload> {
  const folder = path.resolve(__dirname, '../../../shared/data/ml-100k-autolossgen-split');
  if (existsSync(folder)) {
    const data = await readAutoLossGenSplit(folder);
    const train = data.split?.train ?? data.interactions;
    return {
      label: 'ML-100K AutoLossGen train split',
      users: data.userCount,
      items: data.itemCount,
      train: { users: train.users, items: train.items, labels: train.ratings },
    };
  }
  const rows = 94_638;
  const rng = Rng.fromSeed(42);
  const train = { users: new Int32Array(rows), items: new Int32Array(rows), labels: new Float32Array(rows) };
  for (let r = 0; r < rows; r++) {
    train.users[r] = rng.int(0, 942);
    train.items[r] = rng.int(0, 1681);
    train.labels[r] = rng.float() < 0.56 ? 1 : 0;
  }
  return { label: 'synthetic, ML-100K-sized', users: 943, items: 1682, train };
}

/** Wall and CPU seconds of each of `repeats` epochs, after one warm-up epoch. */
function epochSeconds(model: Recommender, data: TrainingPairs, repeats: number): { wall: number[]; cpu: number[] } {
  const settings = model.layerGroups.map(() => ({ learningRate: 0.01, l2: 1e-4 }));
  const rng = Rng.fromSeed(1);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let repeat = 0; repeat <= repeats; repeat++) {
    const before = process.cpuUsage();
    const { seconds } = trainEpoch(model, data, { loss: binaryCrossEntropy, batchSize: 128, settings, rng });
    const used = process.cpuUsage(before);
    if (repeat > 0) {
      wall.push(seconds);
      cpu.push((used.user + used.system) / 1e6);
    }
    sampleRss();
  }
  return { wall, cpu };
}

/** A median wall-clock row held to `limit` seconds, and the CPU time of the same epochs (less sensitive to other load). */
function timedRows(name: string, times: { wall: number[]; cpu: number[] }, limit?: number): BenchRow[] {
  const wall = median(times.wall);
  const target = limit === undefined ? {} : { target: `≤ ${limit} s`, ok: wall <= limit };
  return [
    { name: `${name}, median of ${times.wall.length}`, value: wall, unit: 's', ...target },
    { name: `  CPU time of the same epochs, median`, value: median(times.cpu), unit: 's' },
  ];
}

function mfRows(work: Workload): BenchRow[] {
  const size = `${work.train.users.length.toLocaleString('en')} rows, d=64, batch 128`;
  const mf = (optimizer: OptimizerOptions): NativeMf => new NativeMf({ users: work.users, items: work.items, dim: 64, seed: 1, optimizer });
  const rows = [
    ...timedRows(`MF epoch, native SGD (${work.label}, ${size})`, epochSeconds(mf({ kind: 'sgd' }), work.train, 7), 0.06),
    ...timedRows(`MF epoch, native Adam (${work.label}, ${size})`, epochSeconds(mf({ kind: 'adam' }), work.train, 7), 0.06),
  ];
  const wasSimd = simdEnabled();
  setSimdEnabled(false);
  rows.push(...timedRows('MF epoch, native SGD on plain JS loops (wasm SIMD off)', epochSeconds(mf({ kind: 'sgd' }), work.train, 5)));
  setSimdEnabled(wasSimd);

  const model = mf({ kind: 'sgd' });
  const clones: number[] = [];
  for (let repeat = 0; repeat < 20; repeat++) {
    const started = performance.now();
    model.clone();
    clones.push(performance.now() - started);
  }
  const cloneMs = median(clones);
  rows.push({ name: 'MF clone, native (ML-100K size, d=64), a new arena', value: cloneMs, unit: 'ms', target: '< 1 ms', ok: cloneMs < 1 });
  // A search disposes the copies it is done with (the reward filter's rejected ones), and the next clone takes over that arena.
  const reused: number[] = [];
  for (let repeat = 0; repeat < 20; repeat++) {
    model.clone().dispose();
    const started = performance.now();
    const copy = model.clone();
    reused.push(performance.now() - started);
    copy.dispose();
  }
  rows.push({ name: '  the same clone taking over a disposed clone\'s arena', value: median(reused), unit: 'ms', target: '< 1 ms', ok: median(reused) < 1 });
  return rows;
}

function mlpRows(work: Workload): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const kind of ['sgd', 'adam'] as const) {
    const model = new NativeMlp({ users: work.users, items: work.items, dim: 64, seed: 1, optimizer: { kind } });
    const name = `MLP epoch, native ${kind === 'sgd' ? 'SGD' : 'Adam'} ([64;64] → 64 → 16 → 1, batch norm, dropout 0.2, batch 128)`;
    rows.push(...timedRows(name, epochSeconds(model, work.train, 5), 0.3));
  }
  rows.push(...timedRows('MLP epoch: its dense matrix products alone, in place as the model runs them (the single-core floor)', mlpProductSeconds(work.train.users.length, 5)));
  // The fallback where the runtime lacks relaxed SIMD: gemms multiply and add separately.
  const fused = fusedMultiplyAddEnabled();
  setFusedMultiplyAdd(false);
  const plain = new NativeMlp({ users: work.users, items: work.items, dim: 64, seed: 1, optimizer: { kind: 'sgd' } });
  rows.push(...timedRows('MLP epoch, native SGD, plain wasm SIMD (relaxed-SIMD multiply-add off)', epochSeconds(plain, work.train, 3)));
  setFusedMultiplyAdd(fused);
  return rows;
}

/**
 * Wall seconds of the matrix products one MLP epoch cannot avoid, run as the model runs them:
 * in place in a wasm arena (the gemm of the model's own) or, without SIMD, on the plain loops.
 * Per batch of 128: the first layer's forward, ∂W and ∂input (128 × 128 × 64 each) and the
 * second layer's (128 × 64 × 16). Everything else in an epoch (batch norm, dropout, embeddings,
 * the optimiser, the loss) comes on top of this.
 */
function mlpProductSeconds(rows: number, repeats: number): { wall: number[]; cpu: number[] } {
  const batch = 128;
  const shapes: Array<[number, number, number, boolean, boolean]> = [
    [batch, 64, 128, false, false],
    [128, 64, batch, true, false],
    [batch, 128, 64, false, true],
    [batch, 16, 64, false, false],
    [64, 16, batch, true, false],
    [batch, 64, 16, false, true],
  ];
  const plan = new ArenaPlan().floats(128 * 128).ints(4 * 128);
  for (const [m, n, depth] of shapes) plan.floats(m * depth).floats(depth * n).floats(m * n);
  const arena = TensorArena.create(plan);
  const floats = (size: number): Float32Array => arena?.floats(size) ?? new Float32Array(size);
  const space = { transposed: floats(128 * 128), list: arena?.ints(4 * 128) ?? new Int32Array(0) };
  const rng = Rng.fromSeed(1);
  // Filled in place: map() would return a copy outside the arena.
  const operand = (size: number): Float32Array => {
    const values = floats(size);
    for (let k = 0; k < size; k++) values[k] = rng.uniform(-0.5, 0.5);
    return values;
  };
  const work = shapes.map(([m, n, depth, transposeA, transposeB]) => ({ m, n, depth, transposeA, transposeB, a: operand(m * depth), b: operand(depth * n), c: floats(m * n) }));
  let copied = 0;
  const product: Gemm = (...args) => {
    if (arena !== undefined && gemmInArena(arena, space, ...args)) return;
    copied++;
    gemm()(...args);
  };
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let repeat = 0; repeat <= repeats; repeat++) {
    const used = process.cpuUsage();
    const started = performance.now();
    for (let start = 0; start < rows; start += batch) {
      for (const { m, n, depth, transposeA, transposeB, a, b, c } of work) product(m, n, depth, a, transposeA, b, transposeB, c, transposeA, false);
    }
    const spent = process.cpuUsage(used);
    if (repeat === 0) continue; // warm-up
    wall.push((performance.now() - started) / 1000);
    cpu.push((spent.user + spent.system) / 1e6);
  }
  // The row claims the model's in-place path: hold it to that.
  if (arena !== undefined && copied > 0) throw new Error(`${copied} of the MLP products ran on the copy path`);
  return { wall, cpu };
}

/** One MF epoch on the tfjs wasm backend, extrapolated from the first 100 batches (its cost per batch is flat). */
async function tfjsRows(work: Workload): Promise<BenchRow[]> {
  registerSegmentSumKernels();
  let ready = false;
  try {
    ready = await tf.setBackend('wasm');
  } catch {
    ready = false;
  }
  if (!ready) return [{ name: 'MF epoch, tfjs wasm: backend did not initialise here', value: NaN, unit: 's' }];
  const twin = createTfjsTwin(new NativeMf({ users: work.users, items: work.items, dim: 64, seed: 1 }));
  const share = 128 * 100;
  const part = { users: work.train.users.subarray(0, share), items: work.train.items.subarray(0, share), labels: work.train.labels.subarray(0, share) };
  epochSeconds(twin, { users: part.users.subarray(0, 1280), items: part.items.subarray(0, 1280), labels: part.labels.subarray(0, 1280) }, 0);
  const tensorsBefore = tf.memory().numTensors;
  const seconds = (median(epochSeconds(twin, part, 1).wall) * work.train.users.length) / share;
  const tensorsAfter = tf.memory().numTensors;
  twin.dispose();
  return [
    { name: `MF epoch, tfjs wasm backend (${work.label}, d=64, batch 128; 100 batches extrapolated)`, value: seconds, unit: 's' },
    { name: 'tfjs tensors before a training pass', value: tensorsBefore, unit: 'tensors' },
    { name: 'tfjs tensors after it', value: tensorsAfter, unit: 'tensors', target: 'same as before', ok: tensorsAfter === tensorsBefore },
  ];
}

/** A 10M-row synthetic dataset: generate, then one native MF epoch (labels: rating ≥ 4). */
function tenMillionRows(): BenchRow[] {
  let started = performance.now();
  const data = syntheticDataset({ users: 70_000, items: 10_000, ratings: 10_000_000 });
  const loadSeconds = (performance.now() - started) / 1000;
  sampleRss();
  const { users, items, ratings } = data.interactions;
  const labels = new Float32Array(ratings.length);
  for (let r = 0; r < ratings.length; r++) labels[r] = ratings[r] >= 4 ? 1 : 0;
  started = performance.now();
  const model = new NativeMf({ users: data.userCount, items: data.itemCount, dim: 64, seed: 1 });
  const settings = model.layerGroups.map(() => ({ learningRate: 0.01, l2: 1e-4 }));
  const { seconds } = trainEpoch(model, { users, items, labels }, { loss: binaryCrossEntropy, batchSize: 128, settings, rng: Rng.fromSeed(1) });
  const rss = sampleRss();
  return [
    { name: 'synthetic 10M ratings (70,000 users x 10,000 items): generate', value: loadSeconds, unit: 's' },
    { name: 'synthetic 10M ratings: one native MF epoch (d=64, batch 128, SGD)', value: seconds, unit: 's' },
    { name: 'synthetic 10M ratings: RSS after the epoch', value: rss / 2 ** 20, unit: 'MiB', target: 'no out-of-memory', ok: true },
  ];
}

/**
 * The compute engine's speed: MF and MLP epochs with the native kernels (wasm SIMD where the
 * runtime has it, plain loops for comparison), MF on tfjs wasm, tensor leaks, RSS, and a 10M-row
 * epoch. Wall-clock figures: the load average at the start is reported beside them.
 */
export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [
    { name: 'load average (1 min) at start; 2 cores', value: loadavg()[0], unit: '' },
    { name: 'native kernels on wasm SIMD (1 = yes)', value: simdEnabled() ? 1 : 0, unit: '' },
  ];
  const work = await ml100kTraining();
  sampleRss();
  rows.push(...mfRows(work));
  rows.push(...mlpRows(work));
  rows.push(...(await tfjsRows(work)));
  const ml100kPeak = peakRss / 2 ** 20;
  rows.push({ name: 'peak RSS through the ML-100K runs above', value: ml100kPeak, unit: 'MiB', target: '≤ 500 MiB', ok: ml100kPeak <= 500 });
  rows.push(...tenMillionRows());
  rows.push({ name: 'peak RSS overall', value: peakRss / 2 ** 20, unit: 'MiB' });
  rows.push({ name: 'load average (1 min) at the end', value: loadavg()[0], unit: '' });
  return rows;
}
