import { Rng } from '@recsearch/core';
import { elites, tournament } from './selection';

describe('tournament selection', () => {
  const fitness = Array.from({ length: 25 }, (_, i) => i);

  function shareOfBest(size: number): number {
    const rng = Rng.fromSeed(size);
    let wins = 0;
    for (let k = 0; k < 20_000; k++) if (tournament(rng, fitness, size) === 24) wins++;
    return wins / 20_000;
  }

  it('picks the best with probability 1 − (1 − 1/N)^k (draws with replacement)', () => {
    expect(shareOfBest(1)).toBeCloseTo(1 / 25, 2);
    expect(Math.abs(shareOfBest(4) - (1 - (24 / 25) ** 4))).toBeLessThan(0.01);
  });

  it('selects fitter individuals more often than uniform choice', () => {
    const rng = Rng.fromSeed(9);
    let total = 0;
    for (let k = 0; k < 5000; k++) total += tournament(rng, fitness, 4);
    // The expected maximum of 4 uniform draws from 0..24 is about 19.
    expect(total / 5000).toBeGreaterThan(18);
    expect(total / 5000).toBeLessThan(20);
  });

  it('never picks a −∞ individual over a finite one when both are drawn', () => {
    const rng = Rng.fromSeed(10);
    let picksBad = 0;
    for (let k = 0; k < 1000; k++) if (tournament(rng, [-Infinity, -5], 8) === 0) picksBad++;
    // Only a tournament that drew index 0 all 8 times picks it: (1/2)^8 ≈ 0.004.
    expect(picksBad).toBeLessThan(20);
  });
});

describe('elites', () => {
  it('are the fittest, best first, the earlier of equals first', () => {
    expect(elites([3, 9, 1, 9, -Infinity], 3)).toEqual([1, 3, 0]);
    expect(elites([3, 9], 0)).toEqual([]);
  });
});
