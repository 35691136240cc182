import { RngStreams, type CandidateValue, type EvaluatedCandidate, type Json } from '@recsearch/core';
import { createStrategy } from '@recsearch/core/testing';
import * as plugin from './index';
import type { ReinforceOptions, ReinforceSearch } from './index';

async function strategyOf(options: ReinforceOptions, seed = 1): Promise<ReinforceSearch> {
  return (await createStrategy(plugin, options as Record<string, unknown>, new RngStreams(seed))) as ReinforceSearch;
}

const keyOf = (value: CandidateValue) => (value.kind === 'expression' ? (value.key ?? '') : '');

/** Losses evaluated elsewhere, with their rewards. */
const foreign = (values: CandidateValue[], reward = (i: number) => -i): EvaluatedCandidate[] =>
  values.map((value, i) => ({ candidate: { ...value, id: `g${i}`, index: i }, verdict: { pass: true, reward: reward(i), metrics: {} } }) as EvaluatedCandidate);

// One round over S = {ŷ, y, 1}: few distinct losses (26 in 200 samples), so adopted ones would come up often.
const options: ReinforceOptions = { variant: 'paper', maxVariables: 4, hiddenSize: 8, updateEvery: 4 };

describe('ReinforceSearch.adopt', () => {
  it('remembers adopted rewards by key without a policy-gradient step', async () => {
    const strategy = await strategyOf(options, 2);
    const before = JSON.parse(JSON.stringify(strategy.snapshot())) as Record<string, Json>;
    const others = await (await strategyOf(options, 3)).ask(12);
    strategy.adopt(foreign(others, (i) => (i === 0 ? NaN : i / 10)));
    const after = JSON.parse(JSON.stringify(strategy.snapshot())) as Record<string, Json>;
    for (const part of ['weights', 'adam', 'baseline', 'buffer', 'lastUpdate']) expect(after[part]).toEqual(before[part]);
    expect(strategy.update).toBeNull();
    expect(strategy.knownCount).toBe(new Set(others.map(keyOf)).size);
    expect(strategy.knownReward(keyOf(others[0]))).toBeNull();
    expect(strategy.knownReward(keyOf(others[11]))).toBe(1.1);
  });

  it('does not re-explore adopted losses: ask redraws a sample that hits one', async () => {
    const sampled = (await (await strategyOf(options, 4)).ask(200)).map(keyOf);
    const counts = new Map<string, number>();
    for (const key of sampled) counts.set(key, (counts.get(key) ?? 0) + 1);
    const frequent = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([key]) => key);
    const share = (keys: string[]) => keys.filter((key) => frequent.includes(key)).length / keys.length;
    expect(share(sampled)).toBeGreaterThan(0.4);

    const strategy = await strategyOf(options, 4);
    strategy.adopt(frequent.map((key, i) => ({ candidate: { kind: 'expression', expression: 'yhat', key, id: `e${i}`, index: i }, verdict: { pass: true, reward: 1, metrics: {} } })));
    // Measured (seed 4): 0.56 of the samples → none, with 8 draws per proposal.
    const after = share((await strategy.ask(200)).map(keyOf));
    expect(after).toBeLessThan(0.1);
  });

  it('keeps adopted losses in its snapshot: a restored strategy proposes the same', async () => {
    const original = await strategyOf(options, 5);
    original.adopt(foreign(await (await strategyOf(options, 6)).ask(8)));
    const restored = await strategyOf(options, 5);
    restored.restore(JSON.parse(JSON.stringify(original.snapshot())) as Json);
    expect(restored.knownCount).toBe(original.knownCount);
    expect(await restored.ask(30)).toEqual(await original.ask(30));
  });
});
