import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventBus, Rng, RngStreams, type Candidate, type Evaluator } from '@recsearch/core';
import { createEvaluator } from '@recsearch/core/testing';
import { readAutoLossGenSplit, syntheticDataset } from '@recsearch/data';
import { AUTOLOSSGEN_OPERATORS, canonicalKey, defaultOperatorTable, printExpression, randomExpression, RunOperatorTable } from '@recsearch/expr';
import { NativeMf } from '@recsearch/compute';
import { prepareData, TrainingSetup } from '@recsearch/training';
import { quickTraining } from '@recsearch/training/testing';
import * as proxyTest from '@recsearch/evaluator-proxy-test';
import * as rewardFilter from '@recsearch/evaluator-reward-filter';
import type { BenchRow } from './bench-row';

const SPLIT = resolve(__dirname, '../../../shared/data/ml-100k-autolossgen-split');

/** MF (d = 64) on the authors' ML-100K split when it is there, else a synthetic set of its size. */
async function ml100kSetup(): Promise<TrainingSetup> {
  const dataset = existsSync(SPLIT) ? await readAutoLossGenSplit(SPLIT) : syntheticDataset();
  return {
    data: prepareData(dataset, { task: 'classification', binariseAt: 4, negatives: 4 }, Rng.fromSeed(1)),
    models: { model: 'mf', create: (shape) => new NativeMf({ users: shape.users, items: shape.items, dim: 64, seed: shape.seed, optimizer: shape.optimizer }) },
    training: { ...quickTraining, optimizer: 'adam', learningRate: 0.001 },
    streams: new RngStreams(1),
  };
}

/** Losses as the controller makes them: random AutoLossGen programs (distinct keys). */
function candidates(count: number): Candidate[] {
  const table = defaultOperatorTable();
  const operators = AUTOLOSSGEN_OPERATORS.map((name) => table.require(name));
  const rng = Rng.fromSeed(3);
  return Array.from({ length: count }, (_, index) => {
    const expr = randomExpression(rng, { operators, maxDepth: 4 });
    return { kind: 'expression', expression: printExpression(expr), key: `${canonicalKey(expr)}#${index}`, id: `c${index}`, index };
  });
}

/** Candidates per second of wall time, and per second of this process's CPU time (the machine is often shared). */
async function throughput(evaluator: Evaluator, list: Candidate[]): Promise<{ wall: number; cpu: number }> {
  const context = { runId: 'bench', bus: new EventBus({ runId: 'bench' }), earlier: [] };
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (const candidate of list) await evaluator.evaluate(candidate, context);
  const used = process.cpuUsage(cpu);
  return { wall: list.length / (Number(process.hrtime.bigint() - started) / 1e9), cpu: list.length / ((used.user + used.system) / 1e6) };
}

export async function run(): Promise<BenchRow[]> {
  const setup = await ml100kSetup();
  const services = new Map<symbol, unknown>([[RunOperatorTable, defaultOperatorTable()], [TrainingSetup, setup]]);
  const proxy = await createEvaluator(proxyTest, { batchSize: 5, delta: 1e-4, zeroGradientReward: -1, probe: 'model', eps: 1e-6 }, 1, services);
  // A search evaluates candidates for minutes: the first 5,000 of a fresh process (compilation
  // and first allocations included) are reported apart from the steady rate over the next 20,000.
  const list = candidates(25_000);
  const { wall: coldRate } = await throughput(proxy, list.slice(0, 5000));
  const { wall: proxyRate, cpu: proxyCpuRate } = await throughput(proxy, list.slice(5000));
  const filter = await createEvaluator(rewardFilter, { eta: 1e-5, learningRate: 0.001, l2: 1e-4, batchSize: 128, epochs: 1, divergedReward: -1, eps: 1e-6 }, 1, services);
  const { wall: trainedRate } = await throughput(filter, candidates(20).map((candidate) => ({ ...candidate, expression: '(yhat - y)^2' })));
  return [
    { name: 'proxy test, MF on ML-100K (|B| = 5): first 5,000 candidates of a fresh process', value: coldRate, unit: 'candidates/s' },
    { name: 'proxy test, MF on ML-100K (|B| = 5): the next 20,000', value: proxyRate, unit: 'candidates/s', target: '≥ 20,000/s', ok: proxyRate >= 20000 },
    { name: 'proxy test, MF on ML-100K (|B| = 5): the next 20,000, per CPU second', value: proxyCpuRate, unit: 'candidates/s' },
    { name: 'reward filter: one epoch + validation AUC, MF d=64 on ML-100K', value: trainedRate, unit: 'candidates/s', target: '≥ 7/s (authors: 0.68/s)', ok: trainedRate >= 7 },
  ];
}
