import { Rng } from './rng';
import { RngStreams } from './rng-streams';

const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.float());

describe('Rng', () => {
  it('is a pure function of its seed', () => {
    expect(draw(Rng.fromSeed(3), 50)).toEqual(draw(Rng.fromSeed(3), 50));
    expect(draw(Rng.fromSeed(3), 50)).not.toEqual(draw(Rng.fromSeed(4), 50));
  });

  it('continues identically from a saved state', () => {
    const rng = Rng.fromSeed(10);
    draw(rng, 17);
    const state = JSON.parse(JSON.stringify(rng.state()));
    const expected = [...draw(rng, 20), rng.int(0, 9), rng.normal()];
    const copy = Rng.fromState(state);
    expect([...draw(copy, 20), copy.int(0, 9), copy.normal()]).toEqual(expected);
  });

  it('draws floats in [0, 1) with the mean and variance of a uniform', () => {
    const xs = draw(Rng.fromSeed(1), 20000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
  });

  it('draws every integer of a range, both ends included, about equally often', () => {
    const rng = Rng.fromSeed(2);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[rng.int(0, 5)]++;
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(120);
  });

  it('draws normals with mean 0 and deviation 1', () => {
    const rng = Rng.fromSeed(5);
    const xs = Array.from({ length: 20000 }, () => rng.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const deviation = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(deviation - 1)).toBeLessThan(0.03);
  });

  it('shuffles into a permutation', () => {
    const shuffled = Rng.fromSeed(8).shuffle([...Array(50).keys()]);
    expect([...shuffled].sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    expect(shuffled).not.toEqual([...Array(50).keys()]);
  });
});

describe('RngStreams', () => {
  it('gives each name its own stream, independent of the order streams are made in', () => {
    const a = new RngStreams(42);
    const b = new RngStreams(42);
    const aSearch = draw(a.stream('search'), 5);
    draw(b.stream('evaluators/0'), 100);
    expect(draw(b.stream('search'), 5)).toEqual(aSearch);
    expect(draw(a.stream('evaluators/0'), 5)).not.toEqual(aSearch);
  });

  it('snapshots and restores every stream', () => {
    const streams = new RngStreams(1);
    draw(streams.stream('x'), 3);
    draw(streams.stream('y'), 7);
    const saved = streams.snapshot();
    const expected = [draw(streams.stream('x'), 4), draw(streams.stream('y'), 4)];
    const fresh = new RngStreams(1);
    fresh.restore(saved);
    expect([draw(fresh.stream('x'), 4), draw(fresh.stream('y'), 4)]).toEqual(expected);
  });
});
