import { existsSync } from 'node:fs';
import path from 'node:path';
import { Rng } from '@recsearch/core';
import {
  binarise,
  leaveOneOutByTime,
  NegativeSampler,
  randomSplit,
  readMovieLens100k,
  syntheticDataset,
  toImplicit,
  UserItems,
} from '@recsearch/data';
import { auc, evaluateRanking } from '@recsearch/metrics';
import type { BenchRow } from './bench-row';

async function medianMs(repeats: number, task: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const start = process.hrtime.bigint();
    await task();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const ml100k = path.resolve(__dirname, '../../../shared/data/ml-100k');
  const real = existsSync(ml100k);
  const data = real ? await readMovieLens100k(ml100k) : syntheticDataset();
  const label = real ? 'ML-100K' : 'synthetic ML-100K-shaped';
  if (real) rows.push({ name: 'read ML-100K u.data', value: await medianMs(5, () => readMovieLens100k(ml100k)), unit: 'ms' });
  rows.push({ name: 'synthetic dataset, 100K ratings', value: await medianMs(5, () => syntheticDataset({ seed: 1 })), unit: 'ms' });
  rows.push({
    name: 'synthetic dataset, 1M ratings (6,040 x 3,706)',
    value: await medianMs(3, () => syntheticDataset({ users: 6040, items: 3706, ratings: 1_000_000 })),
    unit: 'ms',
  });
  const binary = binarise(data);
  rows.push({ name: `AutoLossGen leave-one-out split, ${label}`, value: await medianMs(5, () => leaveOneOutByTime(binary)), unit: 'ms' });
  rows.push({ name: `random 70/10/20 split, ${label}`, value: await medianMs(5, () => randomSplit(data.interactions, 1)), unit: 'ms' });

  const implicit = toImplicit(data);
  const split = randomSplit(implicit.interactions, 2);
  const sampler = new NegativeSampler(split.train, data.userCount, data.itemCount, Rng.fromSeed(3));
  rows.push({
    name: `negative sampling epoch (4 per positive), ${label} 70% train`,
    value: await medianMs(5, () => sampler.epoch(split.train, 4)),
    unit: 'ms',
  });

  const scores = Float32Array.from(binary.interactions.ratings, (rating, row) => rating * 0.3 + ((row * 2654435761) % 1000) / 1000);
  rows.push({ name: 'AUC over 100,000 rows', value: await medianMs(5, () => auc(scores, binary.interactions.ratings)), unit: 'ms' });

  const train = UserItems.from(split.train, data.userCount);
  const heldOut = UserItems.from(split.test, data.userCount);
  const itemFactor = Float32Array.from({ length: data.itemCount }, (_, item) => ((item * 40503) % 997) / 997);
  rows.push({
    name: `full-ranking NDCG/Recall/Precision/HR@10,20,50 + MRR, ${label} test (all users x all items)`,
    value: await medianMs(3, () =>
      evaluateRanking({
        itemCount: data.itemCount,
        heldOut,
        exclude: [train],
        score: (user, out) => {
          for (let item = 0; item < out.length; item++) out[item] = itemFactor[item] * ((user % 7) + 1);
        },
      }),
    ),
    unit: 'ms',
  });
  return rows;
}

if (require.main === module) {
  run().then((rows) => console.table(rows));
}
