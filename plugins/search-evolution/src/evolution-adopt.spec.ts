import { Rng, type EvaluatedCandidate } from '@recsearch/core';
import { canonicalKey, defaultOperatorTable, printExpression } from '@recsearch/expr';
import { EvolutionSearch } from './evolution-search';
import { resolveSettings, type EvolutionOptions } from './options';

const table = defaultOperatorTable();
const create = (options: EvolutionOptions, seed = 1) => new EvolutionSearch(resolveSettings(options, table), table, Rng.fromSeed(seed));
const keyOf = (expression: string) => canonicalKey(table.parse(expression));

/** Results with the given rewards, as a pipeline would return them. */
const evaluated = (expressions: string[], rewards: number[], prefix = 'c'): EvaluatedCandidate[] =>
  expressions.map((expression, i) => ({
    candidate: { kind: 'expression', expression, id: `${prefix}${i}`, index: i },
    verdict: { pass: true, reward: rewards[i], metrics: {} },
  }));

const SQUARED = '(yhat - y) * (yhat - y)';

describe('EvolutionSearch.adopt', () => {
  it('lets a migrant compete: one fitter than every member becomes the next generation\'s elite', () => {
    const search = create({ populationSize: 6, generations: 3, eliteFraction: 0.2 }, 2);
    const asked = search.ask(6).map((value) => value.expression);
    search.adopt(evaluated([SQUARED], [10], 'm'));
    expect(search.migrantTrees().map((tree) => printExpression(tree))).toEqual([SQUARED]);
    search.tell(evaluated(asked, asked.map((_, i) => -1 - i)));
    expect(search.currentGeneration()).toBe(1);
    expect(canonicalKey(search.members()[0])).toBe(keyOf(SQUARED));
    expect(search.migrantTrees()).toEqual([]);
    expect(search.best()).toMatchObject({ key: keyOf(SQUARED), fitness: 10 });
  });

  it('caches a migrant\'s fitness by canonical key: a member equal to it is never proposed', () => {
    const search = create({ populationSize: 6, generations: 2 }, 3);
    const member = printExpression(search.members()[2]);
    search.adopt(evaluated([member], [4]));
    const keys = search.ask(6).map((value) => value.key);
    expect(keys).toHaveLength(new Set(search.members().map(canonicalKey)).size - 1);
    expect(keys).not.toContain(keyOf(member));
  });

  it('caches, but keeps out of the pool, a tree the population could not hold', () => {
    const search = create({ populationSize: 4, generations: 2, maxHeight: 5 }, 4);
    const tall = 'log(log(log(log(log(log(yhat - y))))))';
    search.adopt(evaluated([tall, 'log(yhat)'], [1, 2]));
    expect(search.migrantTrees()).toEqual([]);
    expect(search.best()).toMatchObject({ key: keyOf('log(yhat)'), fitness: 2 });
  });

  it('offers the latest complete generation\'s distinct finite elites, best first', () => {
    const search = create({ populationSize: 6, generations: 3 }, 5);
    expect(search.elites(3)).toEqual([]);
    const asked = search.ask(6).map((value) => value.expression);
    const rewards = asked.map((_, i) => (i === 0 ? NaN : i));
    search.tell(evaluated(asked, rewards));
    const elites = search.elites(3);
    expect(elites.map((elite) => elite.verdict.reward)).toEqual([5, 4, 3]);
    expect(elites.map((elite) => elite.candidate.kind === 'expression' && elite.candidate.key)).toEqual([5, 4, 3].map((i) => keyOf(asked[i])));
    expect(search.elites(10).every((elite) => Number.isFinite(elite.verdict.reward))).toBe(true);
  });

  it('snapshots what adopting changed: a restored search breeds the same next generation', () => {
    const options = { populationSize: 6, generations: 3 };
    const original = create(options, 6);
    const asked = original.ask(6).map((value) => value.expression);
    original.adopt(evaluated([SQUARED, 'yhat * y'], [3, 2], 'm'));
    const restored = create(options, 6);
    restored.restore(JSON.parse(JSON.stringify(original.snapshot())));
    expect(restored.migrantTrees().map((tree) => printExpression(tree))).toEqual([SQUARED, 'yhat * y']);
    for (const search of [original, restored]) search.tell(evaluated(asked, asked.map((_, i) => -i)));
    expect(restored.members().map((tree) => printExpression(tree))).toEqual(original.members().map((tree) => printExpression(tree)));
    expect(restored.elites(3)).toEqual(original.elites(3));
  });
});
