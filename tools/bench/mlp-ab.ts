/**
 * Interleaved A/B of one native MLP (or MF) epoch: two copies of libs/compute (an older checkout and this
 * tree) load in one process and alternate epochs on the ML-100K AutoLossGen split, so a drifting
 * machine affects both alike. Not part of `npm run bench` (it needs the older checkout):
 *   git worktree add /tmp/before <commit>
 *   NODE_PATH=$PWD/node_modules npx ts-node --swc tools/bench/mlp-ab.ts /tmp/before [rounds] [sgd,adam] [mlp|mf]
 */
import path from 'node:path';
import * as current from '@recsearch/compute';
import { Rng } from '@recsearch/core';
import { readAutoLossGenSplit } from '@recsearch/data';
import { median } from './bench-row';

type Compute = typeof current;

async function main(): Promise<void> {
  const [before, roundsArg, kindsArg, modelArg] = process.argv.slice(2);
  if (!before) throw new Error('usage: mlp-ab.ts <older checkout> [rounds] [sgd,adam] [mlp|mf]');
  const rounds = Number(roundsArg ?? 5);
  const kinds = (kindsArg ?? 'sgd,adam').split(',') as Array<'sgd' | 'adam'>;
  const libs: Record<string, Compute> = {
    before: require(path.resolve(before, 'libs', 'compute', 'src', 'index.ts')),
    after: current,
  };
  const data = await readAutoLossGenSplit(path.resolve(__dirname, '../../../shared/data/ml-100k-autolossgen-split'));
  const train = data.split?.train ?? data.interactions;
  const pairs = { users: train.users, items: train.items, labels: train.ratings };
  for (const kind of kinds) {
    const runs = Object.entries(libs).map(([name, lib]) => {
      const shape = { users: data.userCount, items: data.itemCount, dim: 64, seed: 1, optimizer: { kind } };
      const model = modelArg === 'mf' ? new lib.NativeMf(shape) : new lib.NativeMlp(shape);
      const settings = model.layerGroups.map(() => ({ learningRate: 0.01, l2: 1e-4 }));
      const epoch = { loss: lib.binaryCrossEntropy, batchSize: 128, settings, rng: Rng.fromSeed(1) };
      lib.trainEpoch(model, pairs, epoch); // warm-up
      return { name, lib, model, epoch, wall: [] as number[], cpu: [] as number[] };
    });
    for (let r = 0; r < rounds; r++) {
      for (const run of runs) {
        const cpu = process.cpuUsage();
        run.wall.push(run.lib.trainEpoch(run.model, pairs, run.epoch).seconds);
        const used = process.cpuUsage(cpu);
        run.cpu.push((used.user + used.system) / 1e6);
      }
    }
    for (const run of runs) process.stdout.write(`${kind} ${run.name}: wall median ${median(run.wall).toFixed(3)} s, CPU median ${median(run.cpu).toFixed(3)} s\n`);
  }
}

void main();
