import { RngStreams, type CandidateValue, type EvaluatedCandidate, type Json } from '@recsearch/core';
import { createStrategy, describeStrategyConformance } from '@recsearch/core/testing';
import { canonicalKey, OperatorTable, printExpression, topologicalOrder, type ClampMode } from '@recsearch/expr';
import * as tf from '@tensorflow/tfjs';
import * as plugin from './index';
import { buildVariables, type Decisions, type ReinforceOptions, type ReinforceSearch } from './index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describeStrategyConformance({ plugin, options: { variant: 'paper', engine: 'native' } });
describeStrategyConformance({ plugin, options: { variant: 'reference-code', engine: 'native', hiddenSize: 16, updateEvery: 4 } });
// The tfjs twin as the gradient engine; small sizes keep it quick on the cpu backend.
describeStrategyConformance({ plugin, options: { variant: 'paper', engine: 'tfjs', hiddenSize: 8, updateEvery: 4 } });

const expressionOf = (value: CandidateValue) => (value.kind === 'expression' ? value.expression : '');

async function strategyOf(options: ReinforceOptions, seed = 1): Promise<ReinforceSearch> {
  return (await createStrategy(plugin, options as Record<string, unknown>, new RngStreams(seed))) as ReinforceSearch;
}

function judged(values: CandidateValue[], reward: (expression: string) => number, round = 0): EvaluatedCandidate[] {
  return values.map((value, i) => ({
    candidate: { ...value, id: `r${round}c${i}`, index: i },
    // Verdicts that fail still carry a reward the controller must learn from.
    verdict: { pass: reward(expressionOf(value)) > 0, reward: reward(expressionOf(value)), metrics: {} },
  })) as EvaluatedCandidate[];
}

const pendingDecisions = (strategy: ReinforceSearch) => (strategy.snapshot() as unknown as { pending: Array<{ decisions: Decisions }> }).pending.map((p) => p.decisions);

describe.each(['paper', 'reference-code'] as const)('reinforce search (%s variant)', (variant) => {
  const clamp: ClampMode = variant;

  it.each([4, 6, 10])('samples losses that parse back, use only the configured operators, and stop within m = %i variables', async (maxVariables) => {
    const operators = ['Add', 'Multi', 'Square', 'Log', 'Reciprocal'];
    const strategy = await strategyOf({ variant, operators, maxVariables, hiddenSize: 16 }, maxVariables);
    const table = OperatorTable.create({ clamp });
    const values = await strategy.ask(100);
    const decisions = pendingDecisions(strategy);
    const rounds = maxVariables - 3;
    values.forEach((value, i) => {
      if (value.kind !== 'expression') throw new Error('not an expression');
      const loss = table.parse(value.expression);
      expect(printExpression(loss)).toBe(value.expression);
      expect(canonicalKey(loss)).toBe(value.key);
      const used = topologicalOrder([loss]).filter((node) => node.kind === 'apply');
      expect(used.length).toBeLessThanOrEqual(rounds);
      for (const node of used) expect(operators).toContain(node.kind === 'apply' ? node.op.name : '');
      // The loss is the last variable of S, built round by round from distinct operands of S.
      const variables = buildVariables(strategy.space, decisions[i]);
      expect(variables).toHaveLength(maxVariables);
      expect(printExpression(variables[variables.length - 1])).toBe(value.expression);
      decisions[i].operands.forEach((operands, round) => {
        expect(new Set(operands).size).toBe(operands.length);
        for (const operand of operands) expect(operand).toBeLessThan(3 + round);
      });
    });
    // The space is explored broadly: with one round, all 15 distinct losses (2 commutative
    // binary operators × 3 operand pairs + 3 unary × 3 operands) turn up.
    expect(new Set(values.map((v) => (v.kind === 'expression' ? v.key : ''))).size).toBeGreaterThanOrEqual(maxVariables === 4 ? 15 : 30);
  });

  it('snapshot holds weights, Adam moments and step count, baseline, pending samples and the update buffer', async () => {
    const options: ReinforceOptions = { variant, hiddenSize: 8, updateEvery: 4 };
    const reward = (expression: string) => -expression.length / 10;
    const original = await strategyOf(options, 3);
    for (let round = 0; round < 3; round++) await original.tell(judged(await original.ask(3), reward, round));
    const pending = await original.ask(2);
    const snapshot = JSON.parse(JSON.stringify(original.snapshot())) as {
      adam: { step: number; moments: Record<string, { m: number[]; v: number[] }> };
      baseline: { baseline: number };
      pending: Json[];
      buffer: Json[];
    };
    expect(snapshot.adam.step).toBe(2);
    expect(Object.values(snapshot.adam.moments).some(({ m }) => m.some((x) => x !== 0))).toBe(true);
    expect(typeof snapshot.baseline.baseline).toBe('number');
    expect(snapshot.pending).toHaveLength(2);
    expect(snapshot.buffer).toHaveLength(1);

    const restored = await strategyOf(options, 99);
    restored.restore(snapshot as unknown as Json);
    expect(JSON.parse(JSON.stringify(restored.snapshot()))).toEqual(snapshot);
    // The pending samples are told to the restored strategy; both then update identically.
    await original.tell(judged(pending, reward));
    await restored.tell(judged(pending, reward));
    expect(restored.snapshot()).toEqual(original.snapshot());
  });

  it('rejects being told about a candidate it did not propose', async () => {
    const strategy = await strategyOf({ variant, hiddenSize: 8 });
    await strategy.ask(2);
    expect(() => strategy.tell(judged([{ kind: 'expression', expression: 'yhat + y + y + y' }], () => 1))).toThrow(/did not propose/);
  });
});
