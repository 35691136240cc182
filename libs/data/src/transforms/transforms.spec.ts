import type { Dataset } from '@recsearch/core';
import { Rng } from '@recsearch/core';
import { binarise, isPositive, toImplicit } from './binarise';
import { kCore } from './k-core';

function dataset(rows: [number, number, number][], userCount: number, itemCount: number): Dataset {
  return {
    name: 'hand',
    userCount,
    itemCount,
    feedback: 'explicit',
    interactions: {
      users: Int32Array.from(rows, (row) => row[0]),
      items: Int32Array.from(rows, (row) => row[1]),
      ratings: Float32Array.from(rows, (row) => row[2]),
    },
    userIds: Array.from({ length: userCount }, (_, u) => `u${u}`),
    itemIds: Array.from({ length: itemCount }, (_, i) => `i${i}`),
  };
}

describe('binarise and implicit', () => {
  const data = dataset([[0, 0, 5], [0, 1, 4], [1, 0, 3.5], [1, 1, 1]], 2, 2);

  it('binarise: rating >= 4 is 1 by default, threshold configurable', () => {
    const binary = binarise(data);
    expect(Array.from(binary.interactions.ratings)).toEqual([1, 1, 0, 0]);
    expect(binary.feedback).toBe('binary');
    expect(Array.from(binarise(data, 3.5).interactions.ratings)).toEqual([1, 1, 1, 0]);
    expect(Array.from(data.interactions.ratings)).toEqual([5, 4, 3.5, 1]);
  });

  it('implicit: every interaction is a positive', () => {
    const implicit = toImplicit(data);
    expect(Array.from(implicit.interactions.ratings)).toEqual([1, 1, 1, 1]);
    expect(isPositive(implicit)(0)).toBe(true);
    expect(isPositive(data)(3.9)).toBe(false);
  });
});

describe('k-core', () => {
  it('removes repeatedly until every user and item has k interactions (hand case)', () => {
    // Item 2 has one rating; dropping it leaves user 2 with one, so user 2 goes, which
    // leaves item 3 with one, so item 3 goes too.
    const data = dataset(
      [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1], [2, 2, 1], [2, 3, 1], [0, 3, 1]],
      3,
      4,
    );
    const core = kCore(data, 2);
    expect([core.userCount, core.itemCount]).toEqual([2, 2]);
    expect(core.userIds).toEqual(['u0', 'u1']);
    expect(core.itemIds).toEqual(['i0', 'i1']);
    expect(Array.from(core.interactions.users)).toEqual([0, 0, 1, 1]);
  });

  it('holds the k-core property on random data, ids following the rows', () => {
    const rng = Rng.fromSeed(3);
    const rows: [number, number, number][] = [];
    const seen = new Set<number>();
    while (rows.length < 3000) {
      const user = rng.int(0, 199);
      const item = Math.floor(Math.pow(rng.float(), 3) * 300);
      if (!seen.has(user * 1000 + item)) {
        seen.add(user * 1000 + item);
        rows.push([user, item, 1]);
      }
    }
    const core = kCore(dataset(rows, 200, 300), 8);
    const userDegree = new Int32Array(core.userCount);
    const itemDegree = new Int32Array(core.itemCount);
    core.interactions.users.forEach((user) => userDegree[user]++);
    core.interactions.items.forEach((item) => itemDegree[item]++);
    expect(core.interactions.users.length).toBeGreaterThan(1000);
    expect(core.interactions.users.length).toBeLessThan(3000);
    expect(Math.min(...userDegree)).toBeGreaterThanOrEqual(8);
    expect(Math.min(...itemDegree)).toBeGreaterThanOrEqual(8);
    const userIds = core.userIds ?? [];
    const itemIds = core.itemIds ?? [];
    let unknown = 0;
    for (let row = 0; row < core.interactions.users.length; row++) {
      const original = Number(userIds[core.interactions.users[row]].slice(1)) * 1000 + Number(itemIds[core.interactions.items[row]].slice(1));
      if (!seen.has(original)) unknown++;
    }
    expect(unknown).toBe(0);
  });
});
