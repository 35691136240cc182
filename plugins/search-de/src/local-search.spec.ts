import { advanceGoldenSection, goldenSectionProbes, startGoldenSection, type GoldenSectionState } from './golden-section';
import { advanceHillClimb, hillClimbProbes, startHillClimb, type HillClimbState } from './hill-climb';

function runGoldenSection(reward: (F: number) => number, iterations = 8): { state: GoldenSectionState; probed: number[] } {
  let state = startGoldenSection(0.1, 1, iterations);
  const probed: number[] = [];
  for (let probes = goldenSectionProbes(state); probes.length; probes = goldenSectionProbes(state)) {
    probed.push(...probes);
    state = advanceGoldenSection(JSON.parse(JSON.stringify(state)) as GoldenSectionState, probes.map(reward));
  }
  return { state, probed };
}

function runHillClimb(reward: (F: number) => number, centre: number, iterations = 20): { state: HillClimbState; probed: number[][] } {
  let state = startHillClimb(centre, 0.5, iterations);
  const probed: number[][] = [];
  for (let probes = hillClimbProbes(state); probes.length; probes = hillClimbProbes(state)) {
    probed.push(probes);
    state = advanceHillClimb(state, probes.map(reward));
  }
  return { state, probed };
}

describe('golden-section search on F', () => {
  it('finds the maximum of unimodal functions on [0.1, 1] to the width of the final bracket', () => {
    // After 8 reductions by 1/φ the bracket is 0.9 · 0.618^8 ≈ 0.0193 wide.
    const finalWidth = 0.9 * ((Math.sqrt(5) - 1) / 2) ** 8;
    for (const peak of [0.1, 0.23, 0.5, 0.618, 0.87, 1]) {
      for (const reward of [(F: number) => -((F - peak) ** 2), (F: number) => -Math.sqrt(Math.abs(F - peak)), (F: number) => Math.exp(-30 * (F - peak) ** 2)]) {
        const { state } = runGoldenSection(reward);
        expect(state.high - state.low).toBeCloseTo(finalWidth, 10);
        expect(state.low).toBeLessThanOrEqual(peak + 1e-12);
        expect(state.high).toBeGreaterThanOrEqual(peak - 1e-12);
        expect(Math.abs((state.bestF as number) - peak)).toBeLessThan(finalWidth);
        expect(state.bestReward).toBe(reward(state.bestF as number));
      }
    }
  });

  it('probes two points first and one per later iteration: 9 evaluations for 8 iterations, all inside [0.1, 1]', () => {
    const { probed } = runGoldenSection((F) => -((F - 0.4) ** 2));
    expect(probed).toHaveLength(9);
    expect(probed[0]).toBeCloseTo(1 - 0.9 * 0.6180339887, 9);
    expect(probed[1]).toBeCloseTo(0.1 + 0.9 * 0.6180339887, 9);
    for (const F of probed) expect(F >= 0.1 && F <= 1).toBe(true);
    expect(new Set(probed).size).toBe(9);
  });

  it('rejects a wrong number of rewards', () => {
    expect(() => advanceGoldenSection(startGoldenSection(0.1, 1, 8), [1])).toThrow(/expected 2 rewards, got 1/);
  });
});

describe('hill climb on F', () => {
  it('moves toward a better neighbour and halves the step when the centre wins', () => {
    // Peak at 1.3, start at 0.5 with step 0.5: 0.5 → 1.0 (right wins), then 1.5 vs 0.5 vs 1.0:
    // centre 1.0 is at distance 0.3, 1.5 at 0.2, so it moves to 1.5; then the centre wins → step 0.25.
    const { state, probed } = runHillClimb((F) => -((F - 1.3) ** 2), 0.5, 3);
    expect(probed).toEqual([[0.5, 0, 1], [0.5, 1.5], [1, 2]]);
    expect(state.centre).toBe(1.5);
    expect(state.step).toBe(0.25);
    expect(state.centreReward).toBeCloseTo(-0.04, 12);
  });

  it('converges on the peak in 20 iterations, with 1 + 2·20 evaluations', () => {
    const { state, probed } = runHillClimb((F) => -Math.abs(F - 0.777), 0.5);
    expect(probed.flat()).toHaveLength(41);
    expect(Math.abs(state.centre - 0.777)).toBeLessThan(1e-3);
    expect(state.iteration).toBe(20);
  });

  it('keeps the centre on ties, halving the step each time', () => {
    const { state } = runHillClimb(() => 1, 0.4, 5);
    expect(state.centre).toBe(0.4);
    expect(state.step).toBe(0.5 / 32);
  });
});
