import { EventBus, candidateEvaluated, type Candidate, type Verdict } from '@recsearch/core';
import { createEvaluator, describeEvaluatorConformance } from '@recsearch/core/testing';
import { defaultOperatorTable, RunOperatorTable } from '@recsearch/expr';
import { TrainingSetup } from '@recsearch/training';
import { smallTrainingSetup } from '@recsearch/training/testing';
import * as plugin from './index';

const services = () => new Map<symbol, unknown>([[RunOperatorTable, defaultOperatorTable()], [TrainingSetup, smallTrainingSetup()]]);
const expression = (source: string, index: number): Candidate => ({ kind: 'expression', expression: source, id: `c${index}`, index });
const options = { batchSize: 5, delta: 1e-4, zeroGradientReward: -1, probe: 'model', eps: 1e-6 };

describeEvaluatorConformance({
  plugin,
  options,
  services,
  candidates: ['(yhat - y)^2', 'y * y', 'Add(yhat, Neg(y))', '(y - yhat)^2', 'max(yhat, y)'].map((source) => ({ kind: 'expression', expression: source })),
});

describe('proxy test', () => {
  async function setup(probe: 'model' | 'predictions' = 'model') {
    const bus = new EventBus({ runId: 't' });
    const evaluator = await createEvaluator(plugin, { ...options, probe }, 1, services(), bus);
    const context = { runId: 't', bus, earlier: [] };
    /** Evaluates, then announces the final reward as the runner would. */
    const judge = async (candidate: Candidate, finalReward?: number): Promise<Verdict> => {
      const verdict = await evaluator.evaluate(candidate, context);
      bus.emit(candidateEvaluated({ candidate, verdict: verdict.pass ? { ...verdict, reward: finalReward ?? 0 } : verdict, isBest: false, progress: { candidates: 0, evaluations: 0 } }));
      return verdict;
    };
    return judge;
  }

  it.each(['model', 'predictions'] as const)('gives a loss without ŷ, or one flat in ŷ, the zero-gradient reward (probe: %s)', async (probe) => {
    const judge = await setup(probe);
    for (const [i, source] of ['y * y', '1 + y', 'yhat - yhat'].entries()) {
      expect(await judge(expression(source, i))).toMatchObject({ pass: false, reward: -1, reason: 'zero gradient' });
    }
  });

  it('passes a new loss, then gives an algebraically equal one the first one\'s final reward without training', async () => {
    const judge = await setup();
    expect(await judge(expression('(yhat - y)^2', 0), 0.037)).toMatchObject({ pass: true });
    expect(await judge(expression('(y - yhat) * (y - yhat)', 1))).toMatchObject({ pass: false, reward: 0.037, reason: 'gradient duplicate of c0' });
    expect(await judge(expression('2 * (yhat - y)^2', 2), 0.05)).toMatchObject({ pass: true });
    expect(await judge(expression('max(yhat, y)', 3), 0.01)).toMatchObject({ pass: true });
  });

  it('skips a loss whose canonical key it has seen, before computing anything', async () => {
    const judge = await setup();
    expect(await judge({ ...expression('(yhat - y)^2', 0), key: 'k1' } as Candidate, 0.5)).toMatchObject({ pass: true });
    expect(await judge({ ...expression('this would not even parse (', 1), key: 'k1' } as Candidate)).toMatchObject({ pass: false, reward: 0.5, reason: 'same canonical key as c0' });
  });

  it('sees losses that are equal on ŷ ∈ (0, 1) as duplicates', async () => {
    const judge = await setup();
    // min(yhat, 2) equals yhat for every ŷ in (0, 1): the same gradient everywhere.
    expect(await judge(expression('yhat * (1 - y)', 0), -0.2)).toMatchObject({ pass: true });
    expect(await judge(expression('min(yhat, 2) * (1 - y)', 1))).toMatchObject({ pass: false, reward: -0.2 });
  });
});
