import { Rng } from '@recsearch/core';
import { lastOfEachPair } from '../readers/dataset-builder';
import { concatInteractions, selectRows } from './interaction-columns';
import { UserItems } from './user-items';

const interactions = {
  users: Int32Array.from([1, 0, 1, 1, 0]),
  items: Int32Array.from([4, 2, 0, 4, 3]),
  ratings: Float32Array.from([1, 0, 1, 0, 1]),
  times: Float64Array.from([10, 20, 30, 40, 50]),
};

describe('UserItems', () => {
  it('holds each user’s distinct items sorted, answers membership, and filters rows', () => {
    const all = UserItems.from(interactions, 3);
    expect(Array.from(all.itemsOf(0))).toEqual([2, 3]);
    expect(Array.from(all.itemsOf(1))).toEqual([0, 4]);
    expect(all.countOf(2)).toBe(0);
    expect([all.has(1, 4), all.has(1, 2), all.has(2, 0)]).toEqual([true, false, false]);
    const positives = UserItems.from(interactions, 3, (row) => interactions.ratings[row] === 1);
    expect(Array.from(positives.itemsOf(0))).toEqual([3]);
    expect(UserItems.fromLists([[3, 2], [4, 0, 4], []])).toEqual(all);
  });

  it('agrees with a Set on random data', () => {
    const rng = Rng.fromSeed(8);
    const users = Int32Array.from({ length: 2000 }, () => rng.int(0, 49));
    const items = Int32Array.from({ length: 2000 }, () => rng.int(0, 99));
    const index = UserItems.from({ users, items, ratings: new Float32Array(2000) }, 50);
    const pairs = new Set(Array.from(users, (user, row) => user * 100 + items[row]));
    let disagreements = 0;
    for (let user = 0; user < 50; user++) for (let item = 0; item < 100; item++) if (index.has(user, item) !== pairs.has(user * 100 + item)) disagreements++;
    expect(disagreements).toBe(0);
    expect(index.total).toBe(pairs.size);
  });
});

describe('row helpers', () => {
  it('selects, concatenates and keeps the last row of each (user, item) pair', () => {
    const picked = selectRows(interactions, [4, 0]);
    expect(Array.from(picked.items)).toEqual([3, 4]);
    expect(Array.from(picked.times ?? [])).toEqual([50, 10]);
    const joined = concatInteractions([picked, selectRows(interactions, [1])]);
    expect(Array.from(joined.users)).toEqual([0, 1, 0]);
    expect(joined.times).toBeDefined();
    expect(concatInteractions([picked, { users: new Int32Array(0), items: new Int32Array(0), ratings: new Float32Array(0) }]).times).toBeUndefined();
    expect(Array.from(lastOfEachPair(interactions.users, interactions.items, 2, 5))).toEqual([1, 2, 3, 4]);
  });
});
