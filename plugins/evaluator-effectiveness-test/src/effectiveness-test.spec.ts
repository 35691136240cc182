import { EventBus, type Candidate, type RecsearchEvent } from '@recsearch/core';
import { createEvaluator } from '@recsearch/core/testing';
import { defaultOperatorTable, NAMED_LOSSES, RunOperatorTable } from '@recsearch/expr';
import { TrainingSetup } from '@recsearch/training';
import { smallTrainingSetup } from '@recsearch/training/testing';
import * as plugin from './index';

jest.setTimeout(60_000);

const services = () => new Map<symbol, unknown>([[RunOperatorTable, defaultOperatorTable()], [TrainingSetup, smallTrainingSetup()]]);
const candidate = (source: string): Candidate => ({ kind: 'expression', expression: source, id: 'c0', index: 0 });

describe('effectiveness test', () => {
  it('trains once per ε for a loss with eps, keeps the best on validation and reports its test metrics', async () => {
    const bus = new EventBus({ runId: 't' });
    const finished: RecsearchEvent[] = [];
    bus.on('record', (event) => event.type === 'training.finished' && finished.push(event));
    const test = await createEvaluator(plugin, { epsGrid: [0.1, 1e-6], training: { maxEpochs: 4, stopping: { patience: 2 } } }, 1, services(), bus);
    const verdict = await test.evaluate(candidate(NAMED_LOSSES.maxr.source), { runId: 't', bus, earlier: [] });
    expect(finished).toHaveLength(2);
    expect(verdict.pass).toBe(true);
    expect([0.1, 1e-6]).toContain(verdict.metrics['eps']);
    expect(verdict.reward).toBe(verdict.metrics['validation']);
    expect(verdict.metrics['test.auc']).toBeGreaterThan(0.6);
  });

  it('trains a loss without eps once', async () => {
    const bus = new EventBus({ runId: 't' });
    let runs = 0;
    bus.on('count', (event) => event.type === 'training.finished' && runs++);
    const test = await createEvaluator(plugin, { epsGrid: [1, 0.1, 0.01], training: { maxEpochs: 3, stopping: { patience: 2 } } }, 1, services(), bus);
    const verdict = await test.evaluate(candidate('(yhat - y)^2'), { runId: 't', bus, earlier: [] });
    expect(runs).toBe(1);
    expect(verdict.metrics['test.auc']).toBeGreaterThan(0.55);
  });
});
