import type { Rng } from '@recsearch/core';
import type { CompiledLoss } from '@recsearch/expr';
import { metaObjective, type MetaObjective, type MetaProblem } from './meta-problem';

/**
 * Where the local search measures φ: one meta-step re-initialises a model from `rng`, takes one
 * SGD step under the weighted loss and returns the held-out task loss with its gradient in φ.
 */
export interface MetaTask {
  step(loss: CompiledLoss, phi: Readonly<Record<string, number>>, rng: Rng): MetaObjective;
}

/** The synthetic logistic-regression meta-problem: the fallback when the run trains no recommender. */
export function syntheticMetaTask(problem: MetaProblem): MetaTask {
  return {
    step: (loss, phi, rng) => {
      const initial = Float64Array.from({ length: problem.dimensions }, () => rng.normal(0, problem.initScale));
      return metaObjective(problem, loss, phi, initial);
    },
  };
}
