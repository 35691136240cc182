import { Rng } from '@recsearch/core';
import { drawRecipe, pickDistinct, trialPoint } from './trial';

describe('trial vectors', () => {
  it('picks r1, r2, r3 distinct and different from the target, each other index equally often', () => {
    const rng = Rng.fromSeed(5);
    const counts = new Array(6).fill(0);
    for (let k = 0; k < 6000; k++) {
      const picked = pickDistinct(rng, 6, 2);
      expect(new Set(picked).size).toBe(3);
      expect(picked).not.toContain(2);
      for (const index of picked) counts[index]++;
    }
    expect(counts[2]).toBe(0);
    for (const index of [0, 1, 3, 4, 5]) expect(Math.abs(counts[index] - 3600)).toBeLessThan(250);
  });

  it('current-to-rand/1: U = X + ω(X_r1 − X) + F(X_r2 − X_r3)', () => {
    const recipe = { mutation: 'current-to-rand/1' as const, target: [1, 2], r1: [3, 0], r2: [2, 2], r3: [0, 1], omega: 0.25, fromMutant: [] };
    // x0: 1 + 0.25·2 + 0.5·2 = 2.5; x1: 2 + 0.25·(−2) + 0.5·1 = 2
    expect(trialPoint(recipe, 0.5)).toEqual([2.5, 2]);
  });

  it('rand/1/bin: mutant coordinates where the mask says, the target elsewhere', () => {
    const recipe = { mutation: 'rand/1/bin' as const, target: [1, 2, 3], r1: [0, 0, 0], r2: [4, 4, 4], r3: [2, 0, 2], omega: 0, fromMutant: [true, false, true] };
    expect(trialPoint(recipe, 0.5)).toEqual([1, 2, 1]);
  });

  it('binomial crossover takes at least one coordinate from the mutant, exactly one with CR = 0, all with CR = 1', () => {
    const rng = Rng.fromSeed(9);
    const population = Array.from({ length: 5 }, () => Array.from({ length: 7 }, () => rng.float()));
    for (let k = 0; k < 200; k++) {
      expect(drawRecipe(rng, population, 1, 'rand/1/bin', 0).fromMutant.filter(Boolean)).toHaveLength(1);
      expect(drawRecipe(rng, population, 1, 'rand/1/bin', 1).fromMutant.every(Boolean)).toBe(true);
      const mask = drawRecipe(rng, population, 1, 'rand/1/bin', 0.3).fromMutant;
      expect(mask.some(Boolean)).toBe(true);
    }
  });

  it('current-to-rand/1 trials are affine combinations of the population: with ω and F fixed they stay in its affine hull', () => {
    // Coefficients (1 − ω) + ω + F − F sum to 1: three collinear points give collinear trials.
    const rng = Rng.fromSeed(2);
    const population = [0, 1, 2, 3, 4].map((t) => [t, 2 * t + 1]);
    for (let k = 0; k < 50; k++) {
      const [x, y] = trialPoint(drawRecipe(rng, population, k % 5, 'current-to-rand/1', 0.9), rng.uniform(0, 2));
      expect(y).toBeCloseTo(2 * x + 1, 10);
    }
  });
});
