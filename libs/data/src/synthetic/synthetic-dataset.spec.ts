import { UserItems } from '../interactions/user-items';
import { syntheticDataset } from './synthetic-dataset';

describe('syntheticDataset', () => {
  const data = syntheticDataset();

  it('is ML-100K-shaped by default: 943 users, 1,682 items, 100,000 ratings 1-5 in ML-100K shares', () => {
    expect([data.userCount, data.itemCount, data.interactions.users.length]).toEqual([943, 1682, 100_000]);
    const histogram = [0, 0, 0, 0, 0];
    for (const rating of data.interactions.ratings) histogram[rating - 1]++;
    expect(histogram).toEqual([6110, 11370, 27145, 34174, 21201]);
    const times = data.interactions.times ?? new Float64Array(0);
    expect(times.length).toBe(100_000);
    const outside = times.filter((time) => !Number.isInteger(time) || time < 874724710 || time > 893286638);
    expect(outside.length).toBe(0);
  });

  it('has no repeated (user, item) pair, every user has >= 20 ratings, and popularity is skewed', () => {
    const perUser = UserItems.from(data.interactions, data.userCount);
    expect(perUser.total).toBe(100_000);
    for (let user = 0; user < data.userCount; user++) expect(perUser.countOf(user)).toBeGreaterThanOrEqual(20);
    const perItem = new Int32Array(data.itemCount);
    data.interactions.items.forEach((item) => perItem[item]++);
    const sorted = Array.from(perItem).sort((a, b) => b - a);
    expect(sorted[0]).toBeGreaterThan(10 * sorted[Math.floor(sorted.length / 2)]);
  });

  it('ratings carry the latent signal: a user rates above their mean the items that others rate high', () => {
    const { users, items, ratings } = data.interactions;
    const itemSum = new Float64Array(data.itemCount);
    const itemCount = new Float64Array(data.itemCount);
    for (let row = 0; row < ratings.length; row++) {
      itemSum[items[row]] += ratings[row];
      itemCount[items[row]]++;
    }
    let covariance = 0;
    for (let row = 0; row < ratings.length; row++) {
      const othersMean = (itemSum[items[row]] - ratings[row]) / Math.max(1, itemCount[items[row]] - 1);
      covariance += (ratings[row] - 3.53) * (othersMean - 3.53);
    }
    expect(covariance / ratings.length).toBeGreaterThan(0.05);
    expect(users.length).toBe(ratings.length);
  });

  it('is deterministic by seed and configurable in size', () => {
    const small = syntheticDataset({ users: 50, items: 80, ratings: 1200, seed: 9 });
    expect(syntheticDataset({ users: 50, items: 80, ratings: 1200, seed: 9 }).interactions).toEqual(small.interactions);
    expect(syntheticDataset({ users: 50, items: 80, ratings: 1200, seed: 10 }).interactions.items).not.toEqual(small.interactions.items);
    expect([small.userCount, small.itemCount, small.interactions.users.length]).toEqual([50, 80, 1200]);
    expect(() => syntheticDataset({ users: 2, items: 4, ratings: 10 })).toThrow(RangeError);
  });
});
