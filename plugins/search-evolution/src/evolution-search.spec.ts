import { Rng, RngStreams } from '@recsearch/core';
import { createStrategy, describeStrategyConformance } from '@recsearch/core/testing';
import { defaultOperatorTable, evaluate, EVOMAL_PRIMITIVES, RunOperatorTable, withNodeWeights, type Expr } from '@recsearch/expr';
import { TrainingSetup } from '@recsearch/training';
import { smallTrainingSetup } from '@recsearch/training/testing';
import { EvolutionSearch } from './evolution-search';
import { hasBothVariables, height, operatorNames } from './genome/tree';
import * as plugin from './index';
import { resolveSettings, type EvolutionOptions } from './options';

const table = defaultOperatorTable();

describeStrategyConformance({
  plugin,
  options: { populationSize: 6, generations: 4 },
  services: new Map([[RunOperatorTable, defaultOperatorTable()]]),
});

describeStrategyConformance({
  plugin,
  options: { populationSize: 4, generations: 3, localSearch: true, localSearchSteps: 5 },
  services: new Map([[RunOperatorTable, defaultOperatorTable()]]),
});

// The local search on the run's own model and data (native MF on the small synthetic setup).
describeStrategyConformance({
  plugin,
  options: { populationSize: 4, generations: 2, localSearch: true, localSearchSteps: 3, localSearchTrainRows: 16, localSearchValidationRows: 16 },
  services: new Map<symbol, unknown>([[RunOperatorTable, defaultOperatorTable()], [TrainingSetup, smallTrainingSetup(3)]]),
});

const create = (options: EvolutionOptions, seed = 1) => new EvolutionSearch(resolveSettings(options, table), table, Rng.fromSeed(seed));

// A known best loss: rewards fall with the distance of a tree's values from (ŷ − y)² on a grid.
const grid = [0.1, 0.3, 0.5, 0.7, 0.9].flatMap((yhat) => [0, 1].map((y) => ({ yhat, y })));
function squaredErrorReward(expr: Expr): number {
  const distance = grid.reduce((sum, point) => sum + Math.abs(evaluate(expr, point) - (point.yhat - point.y) ** 2), 0);
  return Number.isFinite(distance) ? -distance : -1e6;
}

/** Drives a strategy to the end with a reward computed from each proposed tree. */
function drive(search: EvolutionSearch, reward: (expr: Expr) => number, batch = 7): { trees: Expr[]; keys: string[] } {
  const trees: Expr[] = [];
  const keys: string[] = [];
  for (let round = 0; round < 10_000 && !search.isDone(); round++) {
    const values = search.ask(batch);
    if (values.length === 0) break;
    search.tell(values.map((value, i) => {
      const tree = table.parse(value.expression);
      trees.push(tree);
      keys.push(value.key as string);
      const score = reward(tree);
      return { candidate: { ...value, id: `r${round}c${i}`, index: i }, verdict: { pass: true, reward: score, metrics: { score } } };
    }));
  }
  return { trees, keys };
}

describe('EvolutionSearch', () => {
  it('proposes trees that contain y and ŷ, respect the maximum height and use only the configured primitives', () => {
    const primitives = ['add', 'mul', 'tanh', 'aq'];
    const search = create({ primitives, populationSize: 12, generations: 8, maxHeight: 6 }, 3);
    const { trees } = drive(search, squaredErrorReward);
    expect(trees.length).toBeGreaterThan(12);
    for (const tree of trees) {
      expect(hasBothVariables(tree)).toBe(true);
      expect(height(tree)).toBeLessThanOrEqual(6);
      for (const name of operatorNames(tree)) expect(primitives).toContain(name);
    }
    expect(search.isDone()).toBe(true);
    expect(search.generations().map((stats) => stats.generation)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('uses EvoMAL\'s twelve primitives by default', () => {
    const { trees } = drive(create({ populationSize: 25, generations: 6 }, 4), squaredErrorReward);
    const used = new Set(trees.flatMap((tree) => [...operatorNames(tree)]));
    for (const name of used) expect(EVOMAL_PRIMITIVES).toContain(name);
    expect(used.size).toBeGreaterThanOrEqual(8);
  });

  it('never proposes a canonical key twice in a run: repeats take the cached reward', () => {
    const search = create({ populationSize: 10, generations: 12 }, 5);
    const { keys } = drive(search, squaredErrorReward, 3);
    expect(new Set(keys).size).toBe(keys.length);
    const stats = search.generations();
    // Elites and reproduced trees come from the cache, so later generations need fewer evaluations.
    expect(stats.reduce((sum, s) => sum + s.evaluated, 0)).toBe(keys.length);
    expect(stats.slice(1).every((s) => s.evaluated < 10)).toBe(true);
  });

  it('keeps the best tree with elitism: the best fitness of a generation never falls', () => {
    const search = create({ populationSize: 10, generations: 10, elitism: true }, 6);
    drive(search, squaredErrorReward);
    const best = search.generations().map((stats) => stats.best);
    for (let g = 1; g < best.length; g++) expect(best[g]).toBeGreaterThanOrEqual(best[g - 1]);
    expect(search.best()?.fitness).toBe(best[best.length - 1]);
  });

  it('improves mean fitness over generations on a synthetic reward with a known best loss, (ŷ − y)²', () => {
    const gains = [11, 12, 13].map((seed) => {
      const search = create({ populationSize: 25, generations: 12 }, seed);
      drive(search, squaredErrorReward);
      const stats = search.generations();
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
      return { first: stats[0].mean, last: median(stats.slice(-3).map((s) => s.mean)), best: search.best()?.fitness ?? -Infinity };
    });
    // Measured (seeds 11–13): mean −71 → −2.4, −63 → −3.9, −25 → −2.4.
    for (const { first, last } of gains) expect(last).toBeGreaterThan(first / 4);
    expect(gains.filter((gain) => gain.best === 0).length).toBeGreaterThanOrEqual(2);
  });

  it('breeds the next generation only once every member is evaluated', () => {
    const search = create({ populationSize: 6, generations: 3 }, 7);
    const first = search.ask(4);
    expect(first).toHaveLength(new Set(first.map((c) => c.key)).size);
    expect(search.currentGeneration()).toBe(0);
    search.tell(first.map((value, i) => ({ candidate: { ...value, id: `a${i}`, index: i }, verdict: { pass: true, reward: -i, metrics: {} } })));
    expect(search.currentGeneration()).toBe(0);
    drive(search, () => 0, 100);
    expect(search.isDone()).toBe(true);
    expect(search.ask(5)).toEqual([]);
  });

  it('ends without a hang when every offspring is already cached', () => {
    const search = create({ populationSize: 4, generations: 200, crossoverRate: 0, mutationRate: 0, reproductionRate: 1 }, 8);
    const { keys } = drive(search, squaredErrorReward);
    expect(search.isDone()).toBe(true);
    expect(keys.length).toBeLessThanOrEqual(4);
    expect(search.generations()).toHaveLength(200);
  });

  it('stores a failed (non-finite) reward as the worst fitness and survives a JSON snapshot of it', () => {
    const search = create({ populationSize: 4, generations: 2 }, 9);
    const values = search.ask(4);
    search.tell(values.map((value, i) => ({ candidate: { ...value, id: `c${i}`, index: i }, verdict: { pass: false, reward: i === 0 ? NaN : -i, metrics: {} } })));
    const restored = create({ populationSize: 4, generations: 2 }, 9);
    restored.restore(JSON.parse(JSON.stringify(search.snapshot())));
    expect(restored.generations()).toEqual(search.generations());
    expect(restored.members().map(String)).toEqual(search.members().map(String));
    expect(restored.best()).toEqual(search.best());
  });

  it('proposes weighted trees with their φ when the local search is on', () => {
    const search = create({ populationSize: 4, generations: 1, localSearch: true, localSearchSteps: 20 }, 10);
    const values = search.ask(4);
    for (const value of values) {
      const names = Object.keys(value.parameters ?? {});
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(value.expression).toContain(name);
      for (const phi of Object.values(value.parameters ?? {})) expect(Math.abs(phi - 1)).toBeLessThan(0.3);
      const weightedMembers = search.members().map((member) => withNodeWeights(member).expr);
      expect(weightedMembers).toContain(table.parse(value.expression));
    }
  });

  it('tunes φ on the run\'s model and data when the run has a training setup, else on the synthetic meta-problem', async () => {
    const options = { populationSize: 4, generations: 1, localSearch: true, localSearchSteps: 5, localSearchTrainRows: 32, localSearchValidationRows: 32 };
    const table = new Map<symbol, unknown>([[RunOperatorTable, defaultOperatorTable()]]);
    const withSetup = new Map<symbol, unknown>([...table, [TrainingSetup, smallTrainingSetup(3)]]);
    const onRun = await (await createStrategy(plugin, options, new RngStreams(3), withSetup)).ask(4);
    const onSynthetic = await (await createStrategy(plugin, options, new RngStreams(3), table)).ask(4);
    expect(onRun).toHaveLength(4);
    onRun.forEach((candidate, i) => {
      if (candidate.kind !== 'expression' || onSynthetic[i].kind !== 'expression') throw new Error('expressions expected');
      expect(candidate.expression).toBe(onSynthetic[i].expression);
      expect(candidate.parameters).not.toEqual(onSynthetic[i].parameters);
    });
  });

  it('can write φ into the expression as constants, equal in value to the weighted tree', () => {
    const options = { populationSize: 4, generations: 1, localSearch: true, localSearchSteps: 20 };
    const named = create(options, 10).ask(4);
    const fixed = create({ ...options, weightsInExpression: true }, 10).ask(4);
    fixed.forEach((value, i) => {
      expect(value.key).toBe(named[i].key);
      expect(value.expression).not.toMatch(/phi/);
      for (const point of grid) {
        const expected = evaluate(table.parse(named[i].expression), { ...point, parameters: named[i].parameters });
        expect(evaluate(table.parse(value.expression), point)).toBeCloseTo(expected, 12);
      }
    });
  });
});
