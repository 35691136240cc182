/**
 * Golden-section search for the F that maximises a reward, as a resumable state machine
 * (every evaluation is a candidate the runner evaluates, so the search waits between steps).
 * Iteration 1 probes both interior points; each later iteration probes one new point; each
 * iteration shrinks the bracket by 1/φ. The answer is the best F probed.
 */
export interface GoldenSectionState {
  kind: 'golden-section';
  low: number;
  high: number;
  /** Interior points c < d and their rewards (null until probed). */
  c: number;
  d: number;
  rewardC: number | null;
  rewardD: number | null;
  iteration: number;
  iterations: number;
  bestF: number | null;
  bestReward: number | null;
}

const INVERSE_PHI = (Math.sqrt(5) - 1) / 2;

export function startGoldenSection(low: number, high: number, iterations: number): GoldenSectionState {
  const width = (high - low) * INVERSE_PHI;
  return { kind: 'golden-section', low, high, c: high - width, d: low + width, rewardC: null, rewardD: null, iteration: 0, iterations, bestF: null, bestReward: null };
}

/** The F values to evaluate next (empty once done). */
export function goldenSectionProbes(state: GoldenSectionState): number[] {
  return unprobed(state).map((point) => state[point]);
}

function unprobed(state: GoldenSectionState): Array<'c' | 'd'> {
  if (state.iteration >= state.iterations) return [];
  return [...(state.rewardC === null ? (['c'] as const) : []), ...(state.rewardD === null ? (['d'] as const) : [])];
}

/** Takes the rewards of the probes, in the order `goldenSectionProbes` gave them. */
export function advanceGoldenSection(state: GoldenSectionState, rewards: readonly number[]): GoldenSectionState {
  const points = unprobed(state);
  if (rewards.length !== points.length) throw new RangeError(`golden-section search expected ${points.length} rewards, got ${rewards.length}`);
  const next = { ...state };
  let best = { F: state.bestF, reward: state.bestReward ?? -Infinity };
  points.forEach((point, k) => {
    if (point === 'c') next.rewardC = rewards[k];
    else next.rewardD = rewards[k];
    if (best.F === null || rewards[k] > best.reward) best = { F: state[point], reward: rewards[k] };
  });
  next.bestF = best.F;
  next.bestReward = best.reward;
  const rewardC = next.rewardC as number;
  const rewardD = next.rewardD as number;
  if (rewardC >= rewardD) {
    // The maximum lies in [low, d]: d becomes the new upper bound, c the new right point.
    next.high = next.d;
    next.d = next.c;
    next.rewardD = rewardC;
    next.c = next.high - (next.high - next.low) * INVERSE_PHI;
    next.rewardC = null;
  } else {
    next.low = next.c;
    next.c = next.d;
    next.rewardC = rewardD;
    next.d = next.low + (next.high - next.low) * INVERSE_PHI;
    next.rewardD = null;
  }
  next.iteration++;
  return next;
}
