import { EventBus, Rng, type Candidate } from '@recsearch/core';
import { createEvaluator, describeEvaluatorConformance } from '@recsearch/core/testing';
import { defaultOperatorTable, NAMED_LOSSES, RunOperatorTable } from '@recsearch/expr';
import { resolveLoss, seededModel, trainSteps, TrainingSetup } from '@recsearch/training';
import { smallTrainingSetup } from '@recsearch/training/testing';
import * as plugin from './index';

jest.setTimeout(30_000);

const services = () => new Map<symbol, unknown>([[RunOperatorTable, defaultOperatorTable()], [TrainingSetup, smallTrainingSetup()]]);
const options = { steps: 90, batchSize: 128, learningRate: 0.01, l2: 0, error: 'auto', eps: 1e-6 };
const context = { runId: 't', bus: new EventBus({ runId: 't' }), earlier: [] };
const candidate = (expression: string, parameters?: Record<string, number>): Candidate => ({ kind: 'expression', expression, ...(parameters ? { parameters } : {}), id: 'c0', index: 0 });
const trainingRows = smallTrainingSetup().data.split.train.users.length;

/** The rows trainSteps itself reports training on, for a model of the setup. */
function trainedRows(steps: number, batchSize: number): number {
  const setup = smallTrainingSetup();
  const model = seededModel(setup, 1);
  const settings = model.layerGroups.map(() => ({ learningRate: 0.01, l2: 0 }));
  return trainSteps(model, setup.data.epochPairs(0), { loss: resolveLoss(NAMED_LOSSES.mse.source, { eps: 1e-6 }).gradient, steps, batchSize, settings, rng: Rng.fromSeed(1) }).rows;
}

describeEvaluatorConformance({
  plugin,
  options: { ...options, steps: 20 },
  services,
  candidates: [NAMED_LOSSES.bce.source, '-((yhat - y)^2)', 'y / (yhat - yhat)', NAMED_LOSSES.mse.source].map((expression) => ({ kind: 'expression', expression })),
});

describe('short training', () => {
  it('rewards BCE above a loss that pushes ŷ away from y (−(ŷ − y)²), and the same candidate alike every time', async () => {
    const fitness = await createEvaluator(plugin, options, 1, services());
    const bce = await fitness.evaluate(candidate(NAMED_LOSSES.bce.source), context);
    const wrong = await fitness.evaluate(candidate('-((yhat - y)^2)'), context);
    expect(bce.pass).toBe(true);
    expect(bce.metrics['auc']).toBeGreaterThan(0.6);
    expect(wrong.metrics['auc']).toBeLessThan(0.5);
    expect(bce.reward).toBeGreaterThan(wrong.reward);
    expect(bce.reward).toBeCloseTo(-(1 - bce.metrics['auc']), 12);
    expect(await fitness.evaluate(candidate(NAMED_LOSSES.bce.source), context)).toEqual(bce);
  });

  it('reports the training done in epochs: steps × batch / training rows', async () => {
    const fitness = await createEvaluator(plugin, options, 1, services());
    const verdict = await fitness.evaluate(candidate(NAMED_LOSSES.mse.source), context);
    expect(verdict.cost).toBeCloseTo((90 * 128) / trainingRows, 12);
    const epochsTrained = trainedRows(options.steps, options.batchSize) / trainingRows;
    expect(verdict.cost).toBeCloseTo(epochsTrained, 12);
    expect(verdict.metrics['trainedEpochs']).toBeCloseTo(epochsTrained, 12);
  });

  it('honours the candidate\'s φ: φ = 1 trains as the bare loss, φ = 0 leaves the initial model (as a constant loss does)', async () => {
    const fitness = await createEvaluator(plugin, options, 1, services());
    const tree = `phi0 * (${NAMED_LOSSES.bce.source})`;
    const bare = await fitness.evaluate(candidate(NAMED_LOSSES.bce.source), context);
    expect((await fitness.evaluate(candidate(tree, { phi0: 1 }), context)).reward).toBe(bare.reward);
    const zero = await fitness.evaluate(candidate(tree, { phi0: 0 }), context);
    const constant = await fitness.evaluate(candidate('1'), context);
    expect(zero.reward).toBe(constant.reward);
    expect(zero.reward).toBeLessThan(bare.reward);
  });

  it('aborts a diverging loss with the worst reward of the error', async () => {
    const fitness = await createEvaluator(plugin, options, 1, services());
    const verdict = await fitness.evaluate(candidate('y / (yhat - yhat)'), context);
    expect(verdict).toMatchObject({ pass: false, reward: -1 });
    expect(verdict.reason).toMatch(/^training diverged/);
    const logloss = await createEvaluator(plugin, { ...options, error: 'logloss' }, 1, services());
    expect((await logloss.evaluate(candidate('y / (yhat - yhat)'), context)).reward).toBeCloseTo(Math.log(1e-7), 12);
    const configured = await createEvaluator(plugin, { ...options, divergedReward: -5 }, 1, services());
    expect((await configured.evaluate(candidate('y / (yhat - yhat)'), context)).reward).toBe(-5);
  });

  it('uses the configured error: reward = −logloss or −RMSE of the same trained model', async () => {
    const byAuc = await (await createEvaluator(plugin, options, 1, services())).evaluate(candidate(NAMED_LOSSES.mse.source), context);
    const byLogloss = await (await createEvaluator(plugin, { ...options, error: 'logloss' }, 1, services())).evaluate(candidate(NAMED_LOSSES.mse.source), context);
    const byRmse = await (await createEvaluator(plugin, { ...options, error: 'rmse' }, 1, services())).evaluate(candidate(NAMED_LOSSES.mse.source), context);
    expect(byLogloss.reward).toBe(-byLogloss.metrics['logloss']);
    expect(byRmse.reward).toBe(-byRmse.metrics['rmse']);
    expect(byRmse.metrics['rmse']).toBeGreaterThan(0);
    expect(byRmse.metrics['rmse']).toBeLessThan(0.5);
    expect(byAuc.metrics['error']).toBeCloseTo(1 - byAuc.metrics['auc'], 12);
  });
});
