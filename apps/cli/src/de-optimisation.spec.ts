import { EventBus, RngStreams, Runner, type RunSummary } from '@recsearch/core';
import { createEvaluator, createStrategy } from '@recsearch/core/testing';
import * as plugin from '@recsearch/search-de';

const testFunction = require('@recsearch/evaluator-test-function');

/** DE against a benchmark objective through the real runner and the real test-function evaluator. */
async function minimise(objective: string, options: Record<string, unknown>, candidates: number): Promise<RunSummary> {
  const seed = 1;
  const streams = new RngStreams(seed);
  const bus = new EventBus({ runId: `de-${objective}` });
  const runner = new Runner({
    name: `de-${objective}`,
    seed,
    bus,
    streams,
    strategyId: 'de',
    strategy: await createStrategy(plugin, options, streams),
    stages: [{ id: 'test-function', evaluator: await createEvaluator(testFunction, { function: objective, dimensions: 10, prefix: 'x' }, seed) }],
    budget: { candidates },
    runner: { batchSize: 10, checkpointEverySteps: 1e9 },
  });
  const summary = await runner.run();
  expect(summary.progress.candidates).toBe(candidates);
  return summary;
}

const box = { x: { type: 'real', min: -5, max: 5, size: 10 } };

describe('differential evolution on 10-D benchmark functions (box [-5, 5]^10, seed 1)', () => {
  it('reaches the sphere optimum (f < 1e-8, |x| < 1e-4) within 8,000 evaluations: rand/1/bin, SFLSDE, NP 20', async () => {
    const summary = await minimise('sphere', { space: box, populationSize: 20 }, 8000);
    expect(summary.best?.verdict.metrics['value']).toBeLessThan(1e-8);
    expect(summary.best?.verdict.metrics['distanceToOptimum']).toBeLessThan(1e-4);
  }, 20000);

  it('reaches the sphere optimum (f < 1e-8) within 40,000 evaluations with DE-Opt\'s current-to-rand/1 (NP 60, F 0.8)', async () => {
    const options = { space: box, populationSize: 60, mutation: 'current-to-rand/1', adapt: false, initialF: 0.8 };
    const summary = await minimise('sphere', options, 40000);
    expect(summary.best?.verdict.metrics['value']).toBeLessThan(1e-8);
  }, 20000);

  it('reaches the Rosenbrock optimum (f < 1e-6, |x − 1| < 1e-2) within 60,000 evaluations: rand/1/bin, SFLSDE, NP 20', async () => {
    const summary = await minimise('rosenbrock', { space: box, populationSize: 20 }, 60000);
    expect(summary.best?.verdict.metrics['value']).toBeLessThan(1e-6);
    expect(summary.best?.verdict.metrics['distanceToOptimum']).toBeLessThan(1e-2);
  }, 20000);
});
