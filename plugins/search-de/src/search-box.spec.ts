import { ConfigError, Rng } from '@recsearch/core';
import { SearchBox } from './search-box';

describe('search box', () => {
  const box = new SearchBox({ x: { type: 'real', min: -2, max: 3, size: 2 }, rate: { type: 'real', min: 1e-4, max: 1, log: true }, layers: { type: 'integer', min: 1, max: 4 } });

  it('expands sizes and searches log parameters in their logarithm', () => {
    expect(box.names).toEqual(['x0', 'x1', 'rate', 'layers']);
    const rng = Rng.fromSeed(4);
    for (let k = 0; k < 200; k++) {
      const point = box.sample(rng);
      expect(box.contains(point)).toBe(true);
      expect(point[2]).toBeGreaterThanOrEqual(Math.log(1e-4));
      expect(point[2]).toBeLessThanOrEqual(0);
    }
    expect(box.toParams([0.5, -2, Math.log(0.01), 2.6])).toEqual({ x0: 0.5, x1: -2, rate: expect.closeTo(0.01, 12), layers: 3 });
  });

  it('clips to the nearest face', () => {
    expect(box.repair([-7, 3.5, 2, 0.2], 'clip')).toEqual([-2, 3, 0, 1]);
  });

  it('reflects off the faces, as often as needed, and lands inside', () => {
    const [x0, x1] = box.repair([-2.5, 4, 0, 1], 'reflect');
    expect(x0).toBeCloseTo(-1.5, 12);
    expect(x1).toBeCloseTo(2, 12);
    // 20 below -2 on a span of 5 is two round trips, back at -2; 7 above 3 goes down to -2 and 2 up again.
    expect(box.repair([-22, 3 + 7, 0, 1], 'reflect').slice(0, 2)).toEqual([-2, expect.closeTo(0, 12)]);
    const rng = Rng.fromSeed(8);
    for (let k = 0; k < 500; k++) {
      const wild = [rng.uniform(-100, 100), rng.uniform(-100, 100), rng.uniform(-50, 20), rng.uniform(-30, 30)];
      expect(box.contains(box.repair(wild, 'reflect'))).toBe(true);
      expect(box.contains(box.repair(wild, 'clip'))).toBe(true);
    }
  });

  it('rounds integer parameters only when handing them out, inside their bounds', () => {
    const integers = new SearchBox({ k: { type: 'integer', min: 0.5, max: 3.2 } });
    expect([0.5, 1.49, 1.5, 3.2].map((k) => integers.toParams([k])['k'])).toEqual([1, 1, 2, 3]);
  });

  it('rejects categorical parameters and empty boxes with config errors naming each parameter', () => {
    let error: unknown;
    try {
      new SearchBox({ act: { type: 'categorical', values: ['relu'] }, lr: { type: 'real', min: 1, max: 0 }, k: { type: 'integer', min: 0.2, max: 0.8 } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((problem) => problem.jsonPath)).toEqual(['/search/space/act', '/search/space/lr', '/search/space/k']);
    expect(problems[0].message).toMatch(/real and integer parameters only/);
    expect(problems[1].message).toMatch(/empty: min 1 is above max 0/);
    expect(problems[2].message).toMatch(/no integer lies in \[0.2, 0.8\]/);
  });
});
