/**
 * Hill climb on F, as a resumable state machine: each iteration probes centre ± step (the
 * first also probes the centre); a better neighbour becomes the centre, and when the centre
 * wins (ties included) the step is halved. The answer is the centre after the last iteration.
 * F is not bounded here: a negative F only flips the difference vector.
 */
export interface HillClimbState {
  kind: 'hill-climb';
  centre: number;
  centreReward: number | null;
  step: number;
  iteration: number;
  iterations: number;
}

export function startHillClimb(centre: number, step: number, iterations: number): HillClimbState {
  return { kind: 'hill-climb', centre, centreReward: null, step, iteration: 0, iterations };
}

export function hillClimbProbes(state: HillClimbState): number[] {
  if (state.iteration >= state.iterations) return [];
  const neighbours = [state.centre - state.step, state.centre + state.step];
  return state.centreReward === null ? [state.centre, ...neighbours] : neighbours;
}

export function advanceHillClimb(state: HillClimbState, rewards: readonly number[]): HillClimbState {
  const probes = hillClimbProbes(state);
  if (rewards.length !== probes.length) throw new RangeError(`hill climb expected ${probes.length} rewards, got ${rewards.length}`);
  const offset = probes.length - 2;
  const centreReward = state.centreReward ?? rewards[0];
  const [left, right] = [rewards[offset], rewards[offset + 1]];
  const next = { ...state, centreReward, iteration: state.iteration + 1 };
  if (centreReward >= left && centreReward >= right) {
    next.step = state.step / 2;
  } else if (left > right) {
    next.centre = probes[offset];
    next.centreReward = left;
  } else {
    next.centre = probes[offset + 1];
    next.centreReward = right;
  }
  return next;
}
