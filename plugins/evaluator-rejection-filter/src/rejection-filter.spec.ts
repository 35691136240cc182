import { EventBus, type Candidate } from '@recsearch/core';
import { createEvaluator, describeEvaluatorConformance } from '@recsearch/core/testing';
import { defaultOperatorTable, NAMED_LOSSES, RunOperatorTable } from '@recsearch/expr';
import { resolveLoss, TrainingSetup } from '@recsearch/training';
import { smallTrainingSetup } from '@recsearch/training/testing';
import * as plugin from './index';
import { descendPredictions, metricFor, taskError } from './prediction-descent';

const services = () => new Map<symbol, unknown>([[RunOperatorTable, defaultOperatorTable()], [TrainingSetup, smallTrainingSetup()]]);
const options = { rows: 100, steps: 100, learningRate: 0.01, metric: 'auto', rejectedReward: -1, eps: 1e-6 };
const context = { runId: 't', bus: new EventBus({ runId: 't' }), earlier: [] };
const candidate = (expression: string, parameters?: Record<string, number>): Candidate => ({ kind: 'expression', expression, ...(parameters ? { parameters } : {}), id: 'c0', index: 0 });

describeEvaluatorConformance({
  plugin,
  options,
  services,
  candidates: [NAMED_LOSSES.mse.source, '-((yhat - y)^2)', NAMED_LOSSES.bce.source, 'y / (yhat - yhat)'].map((expression) => ({ kind: 'expression', expression })),
});

describe('task metrics', () => {
  it('are BCE, error rate at 0.5 and MSE, by hand', () => {
    expect(taskError('bce', [0.5, 0.5], [1, 0])).toBeCloseTo(Math.log(2), 12);
    expect(taskError('bce', [0.8, 0.1], [1, 0])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.9)) / 2, 12);
    expect(taskError('error', [0.7, 0.2, 0.5, 0.49], [1, 1, 1, 0])).toBe(0.25);
    expect(taskError('mse', [0.5, 2], [1, 0])).toBeCloseTo((0.25 + 4) / 2, 12);
    // A prediction outside (0, 1) is clipped, not NaN.
    expect(taskError('bce', [1.5], [1])).toBeCloseTo(-Math.log(1 - 1e-7), 9);
  });

  it('default to BCE for 0/1 labels and MSE for any other label', () => {
    expect(metricFor([0, 1, 1, 0])).toBe('bce');
    expect(metricFor([0, 0.5, 1])).toBe('mse');
  });
});

describe('descendPredictions', () => {
  const mse = resolveLoss('mse', {}).gradient;

  it('moves each prediction by the learning rate on Adam\'s first step (m̂/√v̂ = sign of the gradient)', () => {
    const { yhat } = descendPredictions(mse, Float32Array.from([0.5, 0.5]), Float32Array.from([1, 0]), { steps: 1, learningRate: 0.01 });
    expect(yhat?.[0]).toBeCloseTo(0.51, 6);
    expect(yhat?.[1]).toBeCloseTo(0.49, 6);
  });

  it('stops with no predictions when the gradient is not finite', () => {
    const loss = resolveLoss('y / (yhat - yhat)', {}).gradient;
    expect(descendPredictions(loss, Float32Array.from([0.5]), Float32Array.from([1]), { steps: 5, learningRate: 0.01 })).toEqual({ steps: 0 });
  });
});

describe('rejection filter', () => {
  it('passes losses that pull ŷ toward y (MSE, BCE), with the improvement as reward', async () => {
    const filter = await createEvaluator(plugin, options, 1, services());
    for (const source of [NAMED_LOSSES.mse.source, NAMED_LOSSES.bce.source, 'abs(yhat - y)']) {
      const verdict = await filter.evaluate(candidate(source), context);
      expect(verdict.pass).toBe(true);
      expect(verdict.metrics['optimised']).toBeLessThan(verdict.metrics['baseline']);
      expect(verdict.reward).toBeCloseTo(verdict.metrics['baseline'] - verdict.metrics['optimised'], 12);
    }
  });

  it('starts from a fresh model\'s predictions: BCE near ln 2 for a near-½ model', async () => {
    const filter = await createEvaluator(plugin, options, 1, services());
    const verdict = await filter.evaluate(candidate(NAMED_LOSSES.mse.source), context);
    expect(Math.abs(verdict.metrics['baseline'] - Math.log(2))).toBeLessThan(0.05);
  });

  it.each([['-((yhat - y)^2)'], ['1'], ['y * y'], ['yhat * y']])('rejects %s with the configured reward', async (source) => {
    const filter = await createEvaluator(plugin, { ...options, rejectedReward: -7 }, 1, services());
    expect(await filter.evaluate(candidate(source), context)).toMatchObject({ pass: false, reward: -7, reason: 'rejected: task metric did not improve' });
  });

  it('rejects a loss whose gradient is not finite', async () => {
    const filter = await createEvaluator(plugin, options, 1, services());
    const verdict = await filter.evaluate(candidate('y / (yhat - yhat)'), context);
    expect(verdict).toMatchObject({ pass: false, reward: -1 });
    expect(verdict.reason).toMatch(/^rejected: non-finite/);
  });

  it('honours the candidate\'s φ: the same tree passes with φ = 1 and is rejected with φ = −1 or 0', async () => {
    const filter = await createEvaluator(plugin, options, 1, services());
    const tree = 'phi0 * (yhat - y)^2';
    expect((await filter.evaluate(candidate(tree, { phi0: 1 }), context)).pass).toBe(true);
    expect((await filter.evaluate(candidate(tree, { phi0: -1 }), context)).pass).toBe(false);
    expect((await filter.evaluate(candidate(tree, { phi0: 0 }), context)).pass).toBe(false);
  });

  it('judges every candidate on the same sample: equal verdicts for a repeated candidate, by the error rate too', async () => {
    const filter = await createEvaluator(plugin, { ...options, metric: 'error' }, 1, services());
    const first = await filter.evaluate(candidate(NAMED_LOSSES.bce.source), context);
    await filter.evaluate(candidate('-((yhat - y)^2)'), context);
    expect(await filter.evaluate(candidate(NAMED_LOSSES.bce.source), context)).toEqual(first);
    expect(first.metrics['optimised']).toBe(0);
  });
});
