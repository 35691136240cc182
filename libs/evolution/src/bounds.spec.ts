import { Rng } from '@recsearch/core';
import { RealBox, repairCoordinate } from './bounds';
import { chooseScaleFactor, defaultSflsde } from './scale-factor';

describe('bounds', () => {
  it('clips to the nearest face and reflects off the faces as often as needed', () => {
    expect(repairCoordinate(-3, 0, 2, 'clip')).toBe(0);
    expect(repairCoordinate(5, 0, 2, 'clip')).toBe(2);
    expect(repairCoordinate(2.5, 0, 2, 'reflect')).toBeCloseTo(1.5, 12);
    // 9 above 0 on a span of 2: two round trips (8), then 1 up.
    expect(repairCoordinate(9, 0, 2, 'reflect')).toBeCloseTo(1, 12);
    expect(repairCoordinate(-0.5, 0, 2, 'reflect')).toBeCloseTo(0.5, 12);
    expect(repairCoordinate(Infinity, 0, 2, 'reflect')).toBe(2);
    expect(repairCoordinate(7, 1, 1, 'reflect')).toBe(1);
  });

  it('a real box samples and repairs inside itself', () => {
    const box = new RealBox([0, 0, -1], [0.1, 0, 1]);
    const rng = Rng.fromSeed(3);
    for (let k = 0; k < 300; k++) {
      expect(box.contains(box.sample(rng))).toBe(true);
      const wild = [rng.normal(0, 5), rng.normal(0, 5), rng.normal(0, 5)];
      expect(box.contains(box.repair(wild, 'clip'))).toBe(true);
      expect(box.contains(box.repair(wild, 'reflect'))).toBe(true);
    }
    expect(box.repair([0.05, 3, 0.5], 'clip')).toEqual([0.05, 0, 0.5]);
  });

  it('rejects an empty or unbounded coordinate, naming it', () => {
    expect(() => new RealBox([0, 2], [1, 1])).toThrow(/coordinate 1 .*\[2, 1\]/);
    expect(() => new RealBox([0], [Infinity])).toThrow(/coordinate 0/);
    expect(() => new RealBox([0], [1, 2])).toThrow(RangeError);
  });
});

describe('chooseScaleFactor', () => {
  const current = { F: 0.37, CR: 0.6 };

  it('keeps F and CR when not adapting', () => {
    expect(chooseScaleFactor(Rng.fromSeed(1), current, true, { variant: 'paper', adapt: false, sflsde: defaultSflsde })).toEqual({ kind: 'plain', ...current });
  });

  it('lets only the best individual run a local search under localSearch "best"', () => {
    const always = { ...defaultSflsde, goldenSection: 1 };
    expect(chooseScaleFactor(Rng.fromSeed(1), current, true, { variant: 'paper', adapt: true, sflsde: always }).kind).toBe('golden-section');
    expect(chooseScaleFactor(Rng.fromSeed(1), current, false, { variant: 'paper', adapt: true, sflsde: always }).kind).toBe('plain');
    expect(chooseScaleFactor(Rng.fromSeed(1), current, false, { variant: 'paper', adapt: true, sflsde: { ...always, localSearch: 'all' } }).kind).toBe('golden-section');
  });

  it('the reference-code variant never runs a local search', () => {
    const rng = Rng.fromSeed(2);
    for (let k = 0; k < 500; k++) expect(chooseScaleFactor(rng, current, true, { variant: 'reference-code', adapt: true, sflsde: defaultSflsde }).kind).toBe('plain');
  });
});
