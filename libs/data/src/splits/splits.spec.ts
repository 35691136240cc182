import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Dataset, Interactions } from '@recsearch/core';
import { readMovieLens100k } from '../readers/known-formats';
import { binarise } from '../transforms/binarise';
import { leaveOneOutByTime } from './leave-one-out-by-time';
import { perUserRandomSplit, randomSplit } from './random-split';
import { splitDataset } from './split-dataset';
import type { SplitWithRows } from './split-parts';
import { syntheticDataset } from '../synthetic/synthetic-dataset';

const sharedData = path.resolve(__dirname, '../../../../../shared/data');

function binaryDataset(rows: [number, number, number, number][], userCount: number): Dataset {
  return {
    name: 'hand',
    userCount,
    itemCount: 100,
    feedback: 'binary',
    interactions: {
      users: Int32Array.from(rows, (row) => row[0]),
      items: Int32Array.from(rows, (row) => row[1]),
      ratings: Float32Array.from(rows, (row) => row[2]),
      times: Float64Array.from(rows, (row) => row[3]),
    },
  };
}

function expectPartition(split: SplitWithRows, n: number): void {
  const all = [...split.rows.train, ...split.rows.validation, ...split.rows.test].sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: n }, (_, row) => row));
}

describe('AutoLossGen leave-one-out by time', () => {
  it('splits a hand case: last positive and later rows to test, the previous positive to validation', () => {
    // user 0 rows (item, label, time), file order: positives at t=1,3,5 and 6; negative at 7.
    // A tie at t=5 (items 4 and 5): stable order keeps item 4 first.
    const rows: [number, number, number, number][] = [
      [0, 1, 1, 1], [0, 2, 0, 2], [0, 3, 1, 3], [0, 4, 1, 5], [0, 5, 0, 5], [0, 6, 1, 6], [0, 7, 0, 7],
      [1, 1, 1, 1], [1, 2, 1, 2], [1, 3, 1, 3], [1, 4, 1, 4], // 4 rows: < 5, stays in train
      [2, 1, 0, 1], [2, 2, 0, 2], [2, 3, 0, 3], [2, 4, 0, 4], [2, 5, 0, 5], // no positive: train
    ];
    const split = leaveOneOutByTime(binaryDataset(rows, 3));
    expect(Array.from(split.rows.test)).toEqual([5, 6]);
    expect(Array.from(split.rows.validation)).toEqual([3, 4]);
    expect(split.rows.train.length).toBe(rows.length - 4);
    expectPartition(split, rows.length);
  });

  it('uses the time order, not the file order', () => {
    const rows: [number, number, number, number][] = [
      [0, 9, 1, 100], [0, 1, 1, 1], [0, 2, 0, 2], [0, 3, 1, 3], [0, 4, 0, 4],
    ];
    const split = leaveOneOutByTime(binaryDataset(rows, 1));
    expect(Array.from(split.rows.test)).toEqual([0]);
    expect(Array.from(split.rows.validation).sort()).toEqual([3, 4]);
  });

  (existsSync(sharedData) ? it : it.skip)('gives 94,626 / 2,363 / 3,011 rows on ML-100K with a stable sort (README)', async () => {
    const ml = binarise(await readMovieLens100k(path.join(sharedData, 'ml-100k')));
    const split = leaveOneOutByTime(ml);
    expect([split.train.users.length, split.validation.users.length, split.test.users.length]).toEqual([94_626, 2363, 3011]);
    const positives = (part: Interactions) => part.ratings.reduce((sum, label) => sum + label, 0);
    expect([positives(split.validation), positives(split.test)]).toEqual([942, 942]);
    expectPartition(split, 100_000);
    expect(leaveOneOutByTime(ml).rows.test).toEqual(split.rows.test);
  });
});

describe('random splits', () => {
  const data = syntheticDataset({ users: 200, items: 300, ratings: 5000, seed: 7 });

  it('70/10/20 per interaction: sizes, partition, determinism by seed', () => {
    const split = randomSplit(data.interactions, 11);
    expect([split.train.users.length, split.validation.users.length, split.test.users.length]).toEqual([3500, 500, 1000]);
    expectPartition(split, 5000);
    expect(randomSplit(data.interactions, 11).rows).toEqual(split.rows);
    expect(randomSplit(data.interactions, 12).rows.test).not.toEqual(split.rows.test);
    expect(Array.from(split.train.items.subarray(0, 5))).toEqual(Array.from(split.rows.train.subarray(0, 5), (row) => data.interactions.items[row]));
  });

  it('per user: each user keeps train rows and gets about the ratio of its own rows', () => {
    const split = perUserRandomSplit(data.interactions, data.userCount, 5, { train: 0.6, validation: 0.2, test: 0.2 });
    expectPartition(split, 5000);
    expect(perUserRandomSplit(data.interactions, data.userCount, 5, { train: 0.6, validation: 0.2, test: 0.2 }).rows).toEqual(split.rows);
    const count = (part: Interactions) => {
      const counts = new Int32Array(data.userCount);
      part.users.forEach((user) => counts[user]++);
      return counts;
    };
    const [train, validation, test] = [count(split.train), count(split.validation), count(split.test)];
    for (let user = 0; user < data.userCount; user++) {
      const total = train[user] + validation[user] + test[user];
      expect(train[user]).toBeGreaterThan(0);
      expect(Math.abs(test[user] - 0.2 * total)).toBeLessThanOrEqual(1);
    }
  });

  it('rejects ratios that do not sum to 1', () => {
    expect(() => randomSplit(data.interactions, 1, { train: 0.7, validation: 0.2, test: 0.2 })).toThrow(RangeError);
  });
});

describe('splitDataset', () => {
  const data = syntheticDataset({ users: 60, items: 90, ratings: 1500, seed: 2 });

  it('dispatches on the spec kind, and refuses a shipped split that is not there', () => {
    const random = splitDataset(data, { kind: 'random' }, 3);
    expect(random.test.users).toEqual(randomSplit(data.interactions, 3).test.users);
    const byTime = splitDataset(binarise(data), { kind: 'leave-one-out-by-time' }, 3);
    expect(byTime.test.users.length).toBeGreaterThanOrEqual(60);
    const perUser = splitDataset(data, { kind: 'per-user-random', ratios: { train: 0.8, validation: 0.1, test: 0.1 } }, 3);
    expect(perUser.train.users.length + perUser.validation.users.length + perUser.test.users.length).toBe(1500);
    expect(() => splitDataset(data, { kind: 'shipped' }, 3)).toThrow(/ships no split/);
    const shipped = { train: data.interactions, validation: data.interactions, test: data.interactions };
    expect(splitDataset({ ...data, split: shipped }, { kind: 'shipped' }, 3)).toBe(shipped);
  });
});
