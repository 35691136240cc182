import { RecsearchError, type Candidate, type Evaluator, type Verdict } from '@recsearch/core';
import { objectives, type Objective } from './objectives';

export interface TestFunctionOptions {
  function: keyof typeof objectives;
  dimensions: number;
  /** Candidate parameters `<prefix>0 … <prefix><dimensions-1>` are the point. */
  prefix: string;
}

/** Scores a point by a benchmark objective: reward = −f(x), so higher is better. */
export class TestFunctionEvaluator implements Evaluator {
  readonly accepts = ['params'] as const;
  private readonly objective: Objective;
  private readonly names: string[];

  constructor(private readonly options: TestFunctionOptions) {
    this.objective = objectives[options.function];
    this.names = Array.from({ length: options.dimensions }, (_, i) => `${options.prefix}${i}`);
  }

  evaluate(candidate: Candidate): Verdict {
    if (candidate.kind !== 'params') throw new RecsearchError('the test-function evaluator takes parameter candidates');
    const x = this.names.map((name) => {
      const value = candidate.params[name];
      if (typeof value !== 'number') {
        throw new RecsearchError(`test-function ${this.options.function}: candidate has no numeric parameter "${name}"`);
      }
      return value;
    });
    const value = this.objective.value(x);
    const optimum = this.objective.optimum(x.length);
    const distance = Math.sqrt(x.reduce((sum, xi, i) => sum + (xi - optimum[i]) ** 2, 0));
    const pass = Number.isFinite(value);
    return {
      pass,
      reward: pass ? -value : -Infinity,
      metrics: { value, gap: value - this.objective.minimum, distanceToOptimum: distance },
      ...(pass ? {} : { reason: 'objective is not finite' }),
    };
  }
}
