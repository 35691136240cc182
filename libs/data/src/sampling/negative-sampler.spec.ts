import { Rng } from '@recsearch/core';
import { syntheticDataset } from '../synthetic/synthetic-dataset';
import { UserItems } from '../interactions/user-items';
import { NegativeSampler } from './negative-sampler';

describe('NegativeSampler', () => {
  const data = syntheticDataset({ users: 100, items: 200, ratings: 6000, seed: 1 });
  const train = data.interactions;
  const trainItems = UserItems.from(train, data.userCount);

  it('never returns a training item of the user, and reaches every other item', () => {
    const sampler = new NegativeSampler(train, data.userCount, data.itemCount, Rng.fromSeed(1));
    const reached = new Set<number>();
    let training = 0;
    for (let draw = 0; draw < 20_000; draw++) {
      const item = sampler.sample(3);
      if (trainItems.has(3, item)) training++;
      reached.add(item);
    }
    expect(training).toBe(0);
    expect(reached.size).toBe(data.itemCount - trainItems.countOf(3));
  });

  it('draws uniformly over the non-training items (seeded, loose bound)', () => {
    const sampler = new NegativeSampler(train, data.userCount, data.itemCount, Rng.fromSeed(2));
    const counts = new Map<number, number>();
    const draws = 40_000;
    for (let k = 0; k < draws; k++) {
      const item = sampler.sample(0);
      counts.set(item, (counts.get(item) ?? 0) + 1);
    }
    const expected = draws / (data.itemCount - trainItems.countOf(0));
    for (const count of counts.values()) expect(Math.abs(count - expected)).toBeLessThan(expected * 0.5);
  });

  it('handles dense users (complement list) and users who have seen every item', () => {
    const users = Int32Array.from({ length: 10 + 4 }, (_, k) => (k < 9 ? 0 : 1));
    const items = Int32Array.from({ length: 14 }, (_, k) => (k < 9 ? k : k - 9));
    const sampler = new NegativeSampler({ users, items, ratings: new Float32Array(14).fill(1) }, 2, 10, Rng.fromSeed(3));
    for (let draw = 0; draw < 50; draw++) expect(sampler.sample(0)).toBe(9);
    const complement = new Set(Array.from({ length: 200 }, () => sampler.sample(1)));
    expect([...complement].sort()).toEqual([5, 6, 7, 8, 9]);
    const full = new NegativeSampler(
      { users: new Int32Array(3), items: Int32Array.from([0, 1, 2]), ratings: new Float32Array(3) },
      1,
      3,
      Rng.fromSeed(4),
    );
    expect(full.sample(0)).toBe(-1);
    expect(full.epoch({ users: new Int32Array(1), items: new Int32Array(1), ratings: new Float32Array(1) }, 2).users.length).toBe(1);
  });

  it('epoch(): positives then fresh negatives, redrawn each epoch, reproducible from a snapshot', () => {
    const sampler = new NegativeSampler(train, data.userCount, data.itemCount, Rng.fromSeed(5));
    const state = sampler.snapshot();
    const first = sampler.epoch(train, 4);
    expect(first.users.length).toBe(train.users.length * 5);
    expect(Array.from(first.ratings.subarray(0, 5))).toEqual([1, 0, 0, 0, 0]);
    let wrong = 0;
    for (let row = 0; row < first.users.length; row++) {
      if (trainItems.has(first.users[row], first.items[row]) !== (first.ratings[row] === 1)) wrong++;
    }
    expect(wrong).toBe(0);
    const second = sampler.epoch(train, 4);
    expect(second.items).not.toEqual(first.items);
    sampler.restore(state);
    expect(sampler.epoch(train, 4).items).toEqual(first.items);
  });

  it('uses binary search instead of a bitset for very large index spaces, with the same answers', () => {
    const users = Int32Array.from([0, 0, 1]);
    const items = Int32Array.from([5, 70_000, 3]);
    const sampler = new NegativeSampler({ users, items, ratings: new Float32Array(3) }, 20_000, 100_000, Rng.fromSeed(6));
    expect(sampler.isTraining(0, 70_000)).toBe(true);
    expect(sampler.isTraining(0, 3)).toBe(false);
    for (let draw = 0; draw < 1000; draw++) expect([5, 70_000]).not.toContain(sampler.sample(0));
  });
});
