import { EventBus, type Candidate } from '@recsearch/core';
import { createEvaluator, describeEvaluatorConformance } from '@recsearch/core/testing';
import { defaultOperatorTable, NAMED_LOSSES, RunOperatorTable } from '@recsearch/expr';
import { TrainingSetup } from '@recsearch/training';
import { smallTrainingSetup } from '@recsearch/training/testing';
import * as plugin from './index';

jest.setTimeout(30_000);

const services = () => new Map<symbol, unknown>([[RunOperatorTable, defaultOperatorTable()], [TrainingSetup, smallTrainingSetup()]]);
const options = { eta: 1e-5, learningRate: 0.01, l2: 0, batchSize: 128, epochs: 1, divergedReward: -1, eps: 1e-6 };
const candidate = (source: string, index: number): Candidate => ({ kind: 'expression', expression: source, id: `c${index}`, index });

describeEvaluatorConformance({
  plugin,
  options,
  services,
  candidates: [NAMED_LOSSES.bce.source, '(yhat - y)^2', '-(yhat - y)^2', NAMED_LOSSES.bce.source].map((source) => ({ kind: 'expression', expression: source })),
});

describe('reward filter', () => {
  const context = { runId: 't', bus: new EventBus({ runId: 't' }), earlier: [] };

  it('accepts good losses, so the live model climbs well above chance, and filters a harmful one', async () => {
    const filter = await createEvaluator(plugin, options, 1, services());
    const first = await filter.evaluate(candidate(NAMED_LOSSES.bce.source, 0), context);
    expect(first.metrics['liveScore']).toBeLessThan(0.6);
    let live = first.metrics['auc'];
    for (let i = 1; i < 10; i++) {
      const verdict = await filter.evaluate(candidate(NAMED_LOSSES.bce.source, i), context);
      if (verdict.pass) live = verdict.metrics['auc'];
      expect(verdict.reward).toBeCloseTo(verdict.metrics['auc'] - verdict.metrics['liveScore'], 12);
    }
    expect(live).toBeGreaterThan(0.65);

    // Gradient ascent on the error drives ŷ away from y: it must not replace the live model.
    const harmful = await filter.evaluate(candidate('-((yhat - y)^2)', 9), context);
    // Trained candidates cost their epochs (one by default), passed or filtered: the runner's trained-epoch budget.
    expect(first.cost).toBe(1);
    expect(harmful).toMatchObject({ pass: false, reason: 'filtered: the live model would get worse', cost: 1 });
    expect(harmful.reward).toBeLessThan(-1e-5);
    const after = await filter.evaluate(candidate(NAMED_LOSSES.bce.source, 10), context);
    expect(after.metrics['liveScore']).toBeCloseTo(live, 12);
  });

  it('gives a diverging loss the configured reward instead of failing the run', async () => {
    const filter = await createEvaluator(plugin, options, 1, services());
    const verdict = await filter.evaluate(candidate('exp(1000 * yhat)', 0), context);
    expect(verdict).toMatchObject({ pass: false, reward: -1, cost: 1 });
  });
});

describe('reward filter with learnable weights', () => {
  it('trains with the candidate\'s parameter values (EvoMAL φ), not their defaults', async () => {
    const context = { runId: 't', bus: new EventBus({ runId: 't' }), earlier: [] };
    const plain = await createEvaluator(plugin, options, 1, services());
    const weighted = await createEvaluator(plugin, options, 1, services());
    const expression = 'phi0 * (yhat - y)^2';
    const asOne = await plain.evaluate({ kind: 'expression', expression, id: 'c0', index: 0 }, context);
    const asZero = await weighted.evaluate({ kind: 'expression', expression, parameters: { phi0: 0 }, id: 'c0', index: 0 }, context);
    expect(asZero.metrics['auc']).toBe(asZero.metrics['liveScore']); // a zero-weighted loss trains nothing
    expect(asOne.metrics['auc']).not.toBe(asOne.metrics['liveScore']);
  });
});
