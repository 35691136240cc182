import { Rng } from '@recsearch/core';
import { compileLoss, withNodeWeights, type Expr } from '@recsearch/expr';
import { syntheticMetaProblem, type MetaProblem } from './meta-problem';
import { syntheticMetaTask, type MetaTask } from './meta-task';

export interface LocalSearchSettings {
  /** Meta-steps of Adam on φ (EvoMAL: 250). */
  steps: number;
  learningRate: number;
  /** Seeds φ's initial jitter and the model re-initialisations, so the search is a pure function. */
  seed: number;
  /** Where φ is measured (default: the shared synthetic meta-problem). */
  task?: MetaTask;
  /** The synthetic meta-problem, when no task is given. */
  problem?: MetaProblem;
}

export interface LocalSearchResult {
  /** The tree with every operator node's output multiplied by its weight (phi0, phi1, …). */
  weighted: Expr;
  /** The trained weights by parameter name. */
  parameters: Record<string, number>;
  /** Mean meta-objective over the first and the last ten meta-steps (NaN when none ran). */
  objectiveBefore: number;
  objectiveAfter: number;
  /** Meta-steps taken (fewer than asked when the objective became non-finite). */
  steps: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;
const WINDOW = 10;

let sharedProblem: MetaProblem | undefined;
const defaultProblem = (): MetaProblem => (sharedProblem ??= syntheticMetaProblem());

/**
 * EvoMAL's local search of the per-node weights φ (initialised 1 + 0.001·N(0, 1)): each
 * meta-step re-initialises the model, takes one differentiable SGD step under the weighted
 * loss and moves φ by Adam along the gradient of the held-out task loss. A step whose
 * objective or gradient is not finite ends the search with the last finite φ.
 */
export function localSearch(expr: Expr, settings: LocalSearchSettings): LocalSearchResult {
  const task = settings.task ?? syntheticMetaTask(settings.problem ?? defaultProblem());
  const rng = Rng.fromSeed(settings.seed);
  const { expr: weighted, weights } = withNodeWeights(expr);
  const loss = compileLoss(weighted, { differentiate: weights });
  const phi = Float64Array.from(weights, () => 1 + 0.001 * rng.normal());
  const m = new Float64Array(phi.length);
  const v = new Float64Array(phi.length);
  const objectives: number[] = [];
  const record = (): Record<string, number> => Object.fromEntries(weights.map((name, k) => [name, phi[k]]));

  let taken = 0;
  for (let t = 1; t <= settings.steps; t++) {
    const { value, gradient } = task.step(loss, record(), rng);
    if (!Number.isFinite(value) || gradient.some((g) => !Number.isFinite(g))) break;
    objectives.push(value);
    for (let k = 0; k < phi.length; k++) {
      m[k] = BETA1 * m[k] + (1 - BETA1) * gradient[k];
      v[k] = BETA2 * v[k] + (1 - BETA2) * gradient[k] * gradient[k];
      const mHat = m[k] / (1 - BETA1 ** t);
      const vHat = v[k] / (1 - BETA2 ** t);
      phi[k] -= (settings.learningRate * mHat) / (Math.sqrt(vHat) + EPSILON);
    }
    taken = t;
  }
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);
  return {
    weighted,
    parameters: record(),
    objectiveBefore: mean(objectives.slice(0, WINDOW)),
    objectiveAfter: mean(objectives.slice(-WINDOW)),
    steps: taken,
  };
}
