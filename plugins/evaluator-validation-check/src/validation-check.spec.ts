import { EventBus, type Candidate } from '@recsearch/core';
import { createEvaluator, describeEvaluatorConformance } from '@recsearch/core/testing';
import { defaultOperatorTable, NAMED_LOSSES, RunOperatorTable } from '@recsearch/expr';
import * as plugin from './index';

const services = () => new Map<symbol, unknown>([[RunOperatorTable, defaultOperatorTable()]]);
const options = { pairs: 2000, rate: 0.9, seed: 0, eps: 1e-6 };
const candidate = (source: string): Candidate => ({ kind: 'expression', expression: source, id: 'c0', index: 0 });

describeEvaluatorConformance({ plugin, options, services, candidates: [{ kind: 'expression', expression: '(yhat - y)^2' }, { kind: 'expression', expression: 'yhat * y' }] });

describe('validation check', () => {
  const earlier = [{ pass: true, reward: 0.042, metrics: {} }];
  const context = { runId: 't', bus: new EventBus({ runId: 't' }), earlier };

  it.each(['mse', 'bce', 'focal', 'maxr', 'sumr', 'logmin'] as const)('passes the handcrafted and published loss %s, keeping the earlier reward', async (name) => {
    const check = await createEvaluator(plugin, options, 1, services());
    expect(await check.evaluate(candidate(NAMED_LOSSES[name].source), context)).toMatchObject({ pass: true, reward: 0.042 });
  });

  it('fails a loss that pushes ŷ away from y, saying by how much', async () => {
    const check = await createEvaluator(plugin, options, 1, services());
    const verdict = await check.evaluate(candidate('-((yhat - y)^2)'), context);
    expect(verdict).toMatchObject({ pass: false, reward: 0.042 });
    expect(verdict.reason).toMatch(/right gradient sign on 0\.0% of pairs, below 90%/);
    expect(verdict.metrics['passRate']).toBe(0);
  });

  it('applies the configured rate: a loss right on about half the pairs passes at 0.4 and fails at 0.9', async () => {
    // ŷ·(1 − y) − ŷ²: right for y = 0 (slope 1 − 2ŷ ≥ 0 only for ŷ ≤ ½) and for y = 1 (−2ŷ ≤ 0).
    const source = 'yhat * (1 - y) - yhat^2';
    const strict = await createEvaluator(plugin, options, 1, services());
    const lenient = await createEvaluator(plugin, { ...options, rate: 0.4 }, 1, services());
    const rate = (await strict.evaluate(candidate(source), context)).metrics['passRate'];
    expect(rate).toBeGreaterThan(0.65);
    expect(rate).toBeLessThan(0.85);
    expect((await strict.evaluate(candidate(source), context)).pass).toBe(false);
    expect((await lenient.evaluate(candidate(source), context)).pass).toBe(true);
  });
});
