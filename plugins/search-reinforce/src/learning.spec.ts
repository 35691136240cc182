import { ConfigError, EventBus, ofType, Rng, RngStreams, type CandidateValue, type EvaluatedCandidate } from '@recsearch/core';
import { createStrategy } from '@recsearch/core/testing';
import { AUTOLOSSGEN_OPERATORS, OperatorTable } from '@recsearch/expr';
import * as tf from '@tensorflow/tfjs';
import * as plugin from './index';
import { controllerUpdated, ReinforceSearch, resolveSettings, type ControllerUpdate, type ReinforceOptions } from './index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const expressionOf = (value: CandidateValue) => (value.kind === 'expression' ? value.expression : '');

async function strategyOf(options: ReinforceOptions, seed = 1): Promise<ReinforceSearch> {
  return (await createStrategy(plugin, options as Record<string, unknown>, new RngStreams(seed))) as ReinforceSearch;
}

function judged(values: CandidateValue[], reward: (expression: string) => number, round = 0): EvaluatedCandidate[] {
  return values.map((value, i) => ({
    candidate: { ...value, id: `r${round}c${i}`, index: i },
    // A failing verdict still carries a reward the controller learns from.
    verdict: { pass: reward(expressionOf(value)) > 0, reward: reward(expressionOf(value)), metrics: {} },
  })) as EvaluatedCandidate[];
}

describe('reinforce search learning', () => {
  // Reward 1 when the loss's outermost operator is Square: a single decision (round 7's
  // operator), sampled 1 time in 9 at the start.
  const squareOutside = (expression: string) => (expression.startsWith('Square(') ? 1 : 0);
  const share = (values: CandidateValue[]) => values.filter((v) => squareOutside(expressionOf(v)) === 1).length / values.length;

  it.each([
    ['paper', { variant: 'paper', learningRate: 0.02 }, 400],
    ['reference-code', { variant: 'reference-code', hiddenSize: 32, learningRate: 0.01 }, 400],
  ] as Array<[string, ReinforceOptions, number]>)('%s: the probability of the rewarded operator rises over a few hundred samples', async (_, options, samples) => {
    const strategy = await strategyOf(options, 21);
    const history: CandidateValue[] = [];
    for (let round = 0; round * 10 < samples; round++) {
      const values = await strategy.ask(10);
      history.push(...values);
      await strategy.tell(judged(values, squareOutside, round));
    }
    const before = share(history.slice(0, 100));
    const after = share(history.slice(-100));
    expect(before).toBeLessThan(0.25);
    expect(after).toBeGreaterThan(before + 0.3);
    expect(strategy.update?.step).toBe(samples / 10);
  });
});

describe('reinforce search resources and options', () => {
  it.each([
    ['paper, tfjs engine', { variant: 'paper', engine: 'tfjs', hiddenSize: 8, maxVariables: 6, updateEvery: 5 }],
    ['reference-code, tfjs engine', { variant: 'reference-code', engine: 'tfjs', hiddenSize: 8, updateEvery: 5 }],
    ['reference-code, native engine', { variant: 'reference-code', updateEvery: 5 }],
    ['paper, native engine', { variant: 'paper', updateEvery: 5 }],
  ] as Array<[string, ReinforceOptions]>)('%s: leaves no tfjs tensors behind over many ask/tell rounds', async (_, options) => {
    const strategy = await strategyOf(options, 4);
    const counts: number[] = [];
    for (let round = 0; round < 6; round++) {
      await strategy.tell(judged(await strategy.ask(5), (e) => -e.length, round));
      strategy.snapshot();
      counts.push(tf.memory().numTensors);
    }
    expect(strategy.update?.step).toBe(6);
    expect(new Set(counts).size).toBe(1);
  });

  it('defaults to the paper: two LSTM layers of 32, AutoLossGen operators, S = {ŷ, y, 1}, m = 10', () => {
    const settings = resolveSettings({});
    expect(settings).toMatchObject({ variant: 'paper', hiddenSize: 32, layers: 2, initRange: 0.1, tanhConstant: 1.5, entropyWeight: 1e-4, learningRate: 1e-3, updateEvery: 10, maxVariables: 10, clamp: 'paper' });
    expect(settings.operators).toEqual(AUTOLOSSGEN_OPERATORS);
    expect(settings.initialVariables).toEqual(['yhat', 'y', '1']);
    expect(resolveSettings({ variant: 'reference-code', layers: 3 })).toMatchObject({ hiddenSize: 64, layers: 1, clamp: 'reference-code', adam: { beta1: 0, epsilon: 1e-3 }, gradientClipNorm: 5 });
  });

  it('reports unknown operators and impossible sizes by JSON path', async () => {
    const failure = strategyOf({ operators: ['Add', 'Cube'], initialVariables: ['yhat', 'y', '1 +'], maxVariables: 3 });
    await expect(failure).rejects.toThrow(ConfigError);
    await expect(failure).rejects.toThrow(/\/search\/operators\/1: unknown operator Cube[\s\S]*\/search\/initialVariables\/2[\s\S]*\/search\/maxVariables/);
  });

  it('announces each controller update on the bus', async () => {
    const bus = new EventBus({ runId: 'updates' });
    const updates: ControllerUpdate[] = [];
    bus.events$.pipe(ofType(controllerUpdated)).subscribe((event) => updates.push(event.payload));
    const strategy = new ReinforceSearch(resolveSettings({ updateEvery: 10 }), OperatorTable.create(), Rng.fromSeed(2), bus);
    const rewards: number[] = [];
    for (let round = 0; round < 5; round++) {
      const values = strategy.ask(5);
      const results = judged(values, (e) => (e.length % 3) - 1, round);
      rewards.push(...results.map((r) => r.verdict.reward));
      strategy.tell(results);
    }
    expect(updates.map((u) => u.step)).toEqual([1, 2]);
    expect(updates[1].meanReward).toBeCloseTo(rewards.slice(10, 20).reduce((a, b) => a + b, 0) / 10, 12);
    expect(updates[1]).toEqual(strategy.update);
    expect(updates.every((u) => u.gradientNorm > 0)).toBe(true);
  });
});
