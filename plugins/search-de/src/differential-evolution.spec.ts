import { ConfigError, RngStreams, type CandidateValue, type EvaluatedCandidate, type Json } from '@recsearch/core';
import { createStrategy, describeStrategyConformance } from '@recsearch/core/testing';
import type { DifferentialEvolution } from './differential-evolution';
import * as plugin from './index';

const space = {
  x: { type: 'real', min: -2, max: 3, size: 3 },
  rate: { type: 'real', min: 1e-4, max: 1e-1, log: true },
  layers: { type: 'integer', min: 1, max: 4 },
};

describeStrategyConformance({ plugin, options: { space, populationSize: 6 } });
describeStrategyConformance({ plugin, options: { space, populationSize: 5, mutation: 'current-to-rand/1', variant: 'reference-code', bounds: 'reflect' } });
// Every generation runs a golden-section search for its best individual, so snapshots fall mid-search.
describeStrategyConformance({ plugin, options: { space, populationSize: 4, sflsde: { goldenSection: 1 } }, batch: 3, rounds: 5 });

const sphere = (params: Record<string, unknown>) => -Object.values(params).reduce<number>((sum, v) => sum + (v as number) ** 2, 0);

async function build(options: Record<string, unknown>, seed = 3): Promise<DifferentialEvolution> {
  return (await createStrategy(plugin, options, new RngStreams(seed))) as DifferentialEvolution;
}

function verdicts(values: CandidateValue[], reward = (params: Record<string, unknown>) => sphere(params)): EvaluatedCandidate[] {
  return values.map((value, index) => {
    const r = value.kind === 'params' ? reward(value.params) : NaN;
    return { candidate: { ...value, id: `c${index}`, index }, verdict: { pass: Number.isFinite(r), reward: r, metrics: {} } };
  });
}

/** Asks in the given batch sizes (cycled) until `total` candidates, telling each batch at once. */
function drive(strategy: DifferentialEvolution, total: number, batches: number[]): CandidateValue[] {
  const asked: CandidateValue[] = [];
  for (let k = 0; asked.length < total; k++) {
    const values = strategy.ask(Math.min(batches[k % batches.length], total - asked.length));
    strategy.tell(verdicts(values));
    asked.push(...values);
  }
  return asked;
}

const xs = (value: CandidateValue) => (value.kind === 'params' ? Object.values(value.params) : []) as number[];

describe('differential evolution', () => {
  const box = { x: { type: 'real', min: -1, max: 1, size: 4 } };

  it('asks for the initial population first: NP points uniform in the box, then the trials of generation 1', async () => {
    const strategy = await build({ space: box, populationSize: 8 });
    const initial = strategy.ask(8);
    expect(strategy.generation).toBe(0);
    expect(initial.flatMap(xs).every((x) => x >= -1 && x <= 1)).toBe(true);
    strategy.tell(verdicts(initial));
    expect(strategy.generation).toBe(1);
    expect(strategy.population.map((individual) => individual.fitness)).toEqual(initial.map((value) => sphere((value as { params: Record<string, unknown> }).params)));
    expect(strategy.pending.filter((proposal) => proposal.role !== 'init')).toHaveLength(strategy.pending.length);
  });

  it('proposes the same candidates whatever the batch sizes (trials are built when a generation starts)', async () => {
    const reference = drive(await build({ space: box, populationSize: 7, sflsde: { goldenSection: 0.5, hillClimb: 0.3 } }), 300, [7]);
    for (const batches of [[1], [3, 11], [50], [2, 9, 4, 1]]) {
      expect(drive(await build({ space: box, populationSize: 7, sflsde: { goldenSection: 0.5, hillClimb: 0.3 } }), 300, batches)).toEqual(reference);
    }
  });

  it('selects greedily: each individual keeps the better of itself and its trial (ties go to the trial)', async () => {
    const strategy = await build({ space: box, populationSize: 6, sflsde: { localSearch: 'none' } });
    strategy.tell(verdicts(strategy.ask(6)));
    for (let generation = 0; generation < 10; generation++) {
      const before = strategy.population;
      const trials = strategy.ask(6);
      expect(strategy.pending).toHaveLength(0);
      // A flat reward for trial 0 (a tie), the sphere for the others.
      const told = verdicts(trials);
      told[0].verdict = { ...told[0].verdict, reward: before[0].fitness };
      strategy.tell(told);
      const after = strategy.population;
      after.forEach((individual, i) => {
        const trialReward = told[i].verdict.reward;
        expect(individual.fitness).toBe(Math.max(before[i].fitness, trialReward));
        if (trialReward >= before[i].fitness) expect(strategy.box.toParams(individual.point)).toEqual((trials[i] as { params: unknown }).params);
        else expect(individual).toEqual(before[i]);
      });
    }
  });

  it('never lets a failed verdict into the population', async () => {
    const strategy = await build({ space: box, populationSize: 5, sflsde: { localSearch: 'none' } });
    strategy.tell(verdicts(strategy.ask(5)));
    const before = strategy.population;
    const trials = strategy.ask(5);
    strategy.tell(trials.map((value, index) => ({ candidate: { ...value, id: `c${index}`, index }, verdict: { pass: false, reward: 1e9, metrics: {} } })));
    expect(strategy.population).toEqual(before);
  });

  it.each(['clip', 'reflect'] as const)('keeps every candidate inside the box with %s, even with F = 20', async (bounds) => {
    const strategy = await build({ space: { x: { type: 'real', min: 0, max: 0.5, size: 5 } }, populationSize: 6, variant: 'reference-code', bounds });
    const asked = drive(strategy, 3000, [6]).flatMap(xs);
    expect(asked.every((x) => x >= 0 && x <= 0.5)).toBe(true);
    const onFaces = asked.filter((x) => x === 0 || x === 0.5).length;
    // Clipping piles trials on the faces; reflection (almost surely) never lands exactly on one.
    if (bounds === 'clip') expect(onFaces).toBeGreaterThan(100);
    else expect(onFaces).toBe(0);
  });

  it('asks for the golden-section probes as candidates: NP − 1 trials + 9 probes, and keeps the best probed F', async () => {
    const strategy = await build({ space: box, populationSize: 5, sflsde: { goldenSection: 1 } });
    strategy.tell(verdicts(strategy.ask(5)));
    const before = strategy.population;
    const best = before.reduce((b, individual, i) => (individual.fitness > before[b].fitness ? i : b), 0);
    const probes: Array<{ F: number; reward: number }> = [];
    let asked = 0;
    while (strategy.generation === 1) {
      const proposals = strategy.pending;
      const values = strategy.ask(100);
      const told = verdicts(values);
      told.forEach((result, k) => {
        if (proposals[k].role === 'probe') probes.push({ F: proposals[k].F, reward: result.verdict.reward });
        expect(proposals[k].individual === best).toBe(proposals[k].role === 'probe');
      });
      asked += values.length;
      strategy.tell(told);
    }
    expect(asked).toBe(4 + 9);
    expect(probes).toHaveLength(9);
    expect(probes[0].F).toBeCloseTo(1 - 0.9 * 0.618034, 5);
    expect(probes[1].F).toBeCloseTo(0.1 + 0.9 * 0.618034, 5);
    expect(probes.every(({ F }) => F >= 0.1 && F <= 1)).toBe(true);
    const winner = probes.reduce((a, b) => (b.reward > a.reward ? b : a));
    const after = strategy.population[best];
    if (winner.reward >= before[best].fitness) expect([after.F, after.fitness]).toEqual([winner.F, winner.reward]);
    else expect(after).toEqual(before[best]);
  });

  it('asks for the hill-climb probes as candidates: NP − 1 trials + 41 probes in a generation', async () => {
    const strategy = await build({ space: box, populationSize: 5, sflsde: { goldenSection: 0, hillClimb: 1 } });
    strategy.tell(verdicts(strategy.ask(5)));
    let asked = 0;
    while (strategy.generation === 1) {
      const values = strategy.ask(100);
      asked += values.length;
      strategy.tell(verdicts(values));
    }
    expect(asked).toBe(4 + 41);
  });

  it('snapshots the population with F and CR, the pending queue, a running local search and the best point', async () => {
    const strategy = await build({ space: box, populationSize: 4, sflsde: { goldenSection: 1 } });
    drive(strategy, 4 + 2, [4, 2]);
    strategy.ask(1);
    const snapshot = JSON.parse(JSON.stringify(strategy.snapshot())) as Record<string, Json>;
    expect(Object.keys(snapshot).sort()).toEqual(['best', 'generation', 'localSearches', 'open', 'outstanding', 'population', 'queue', 'started', 'version']);
    expect((snapshot['population'] as Array<Record<string, Json>>).map((individual) => Object.keys(individual).sort())).toEqual(
      new Array(4).fill(['CR', 'F', 'fitness', 'point']),
    );
    expect(snapshot['outstanding']).toHaveLength(1);
    expect(snapshot['localSearches']).toHaveLength(1);
    expect(strategy.best?.reward).toBe(Math.max(...strategy.population.map((individual) => individual.fitness)));
  });

  it('restores −∞ fitness (failed verdicts) through JSON', async () => {
    const strategy = await build({ space: box, populationSize: 4 });
    const values = strategy.ask(4);
    strategy.tell(verdicts(values, () => NaN));
    const restored = await build({ space: box, populationSize: 4 });
    restored.restore(JSON.parse(JSON.stringify(strategy.snapshot())) as Json);
    expect(restored.population.map((individual) => individual.fitness)).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
    expect(restored.pending).toEqual(strategy.pending);
  });

  it('restores a snapshot of the older form, ±∞ and NaN as bare strings', async () => {
    const strategy = await build({ space: box, populationSize: 4 });
    strategy.tell(verdicts(strategy.ask(4), () => NaN));
    const older = JSON.stringify(strategy.snapshot()).replace(/\{"\$number":("[^"]*")\}/g, '$1');
    expect(older).toContain('"fitness":"-Infinity"');
    const restored = await build({ space: box, populationSize: 4 });
    restored.restore(JSON.parse(older) as Json);
    expect(restored.population.map((individual) => individual.fitness)).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
    expect(restored.pending).toEqual(strategy.pending);
  });

  it('refuses to be told more results than it asked for', async () => {
    const strategy = await build({ space: box, populationSize: 4 });
    const values = strategy.ask(2);
    expect(() => strategy.tell(verdicts([...values, ...values]))).toThrow(/told 4 results, more than it has asked for/);
  });

  it('rejects a population below 4 and categorical parameters as config errors', async () => {
    await expect(build({ space: box, populationSize: 3 })).rejects.toThrow(ConfigError);
    await expect(build({ space: box, populationSize: 3 })).rejects.toThrow(/at least 4 individuals/);
    await expect(build({ space: { act: { type: 'categorical', values: ['relu', 'tanh'] } } })).rejects.toThrow(/\/search\/space\/act: differential evolution searches real and integer parameters only/);
  });
});
