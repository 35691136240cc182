import { describeEvaluatorConformance, createEvaluator } from '@recsearch/core/testing';
import { EventBus, Rng } from '@recsearch/core';
import * as plugin from './index';
import { ackley, objectives, rastrigin, rosenbrock, sphere } from './objectives';

describeEvaluatorConformance({
  plugin,
  options: { function: 'rosenbrock', dimensions: 2, prefix: 'x' },
  candidates: [
    { kind: 'params', params: { x0: 0, x1: 0 } },
    { kind: 'params', params: { x0: 1, x1: 1 } },
    { kind: 'params', params: { x0: -1.5, x1: 2 } },
    { kind: 'params', params: { x0: 0.3, x1: -0.7 } },
  ],
});

describe('benchmark objectives', () => {
  it.each(Object.values(objectives))('$name has its known minimum at its known optimum, in several dimensions', (objective) => {
    for (const d of [1, 2, 5, 10]) {
      if (objective === rosenbrock && d === 1) continue;
      expect(objective.value(objective.optimum(d))).toBeCloseTo(objective.minimum, 12);
    }
  });

  it.each(Object.values(objectives))('$name is above its minimum at random points away from the optimum', (objective) => {
    const rng = Rng.fromSeed(4);
    for (let trial = 0; trial < 200; trial++) {
      const x = Array.from({ length: 4 }, () => rng.uniform(-4, 4));
      expect(objective.value(x)).toBeGreaterThan(objective.minimum);
    }
  });

  it('matches hand-computed values', () => {
    expect(sphere.value([1, -2, 3])).toBe(14);
    expect(rosenbrock.value([0, 0])).toBe(1); // 100·(0−0)² + (1−0)²
    expect(rosenbrock.value([-1, 1])).toBe(4); // 100·(1−1)² + (1+1)²
    expect(rastrigin.value([1, 0])).toBeCloseTo(1, 12); // 20 + (1 − 10) + (0 − 10)
    expect(rastrigin.value([0.5])).toBeCloseTo(10 + 0.25 + 10, 12); // cos(π) = −1
    expect(ackley.value([1, 1])).toBeCloseTo(-20 * Math.exp(-0.2) - Math.E + 20 + Math.E, 12);
  });
});

describe('test-function evaluator', () => {
  const context = { runId: 'test', bus: new EventBus({ runId: 'test' }), earlier: [] };

  it('rewards minus the objective and reports the distance to the optimum', async () => {
    const evaluator = await createEvaluator(plugin, { function: 'sphere', dimensions: 3, prefix: 'w' });
    const verdict = await evaluator.evaluate({ kind: 'params', params: { w0: 3, w1: 0, w2: 4 }, id: 'c0', index: 0 }, context);
    expect(verdict).toMatchObject({ pass: true, reward: -25, metrics: { value: 25, gap: 25, distanceToOptimum: 5 } });
  });

  it('names the missing parameter', async () => {
    const evaluator = await createEvaluator(plugin, { function: 'sphere', dimensions: 3, prefix: 'x' });
    expect(() => evaluator.evaluate({ kind: 'params', params: { x0: 1, x1: 2 }, id: 'c0', index: 0 }, context)).toThrow(/no numeric parameter "x2"/);
  });
});
