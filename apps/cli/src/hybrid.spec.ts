import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, EventBus, PluginRegistry, RngStreams, type CandidateValue, type EvaluatedCandidate, type Json, type SearchStrategy } from '@recsearch/core';
import { describeStrategyConformance, syntheticVerdict } from '@recsearch/core/testing';
import { canonicalKey, OperatorTable, RunOperatorTable } from '@recsearch/expr';
import * as evolution from '@recsearch/search-evolution';
import * as hybrid from '@recsearch/search-hybrid';
import * as reinforce from '@recsearch/search-reinforce';
import { recsearch, tempDir, withoutTime, writeJson } from './cli-harness';
import { installedPlugins } from './environment';

jest.setTimeout(120_000);

const table = OperatorTable.create({ clamp: 'paper' });
const services = () => new Map<symbol, unknown>([[RunOperatorTable, table]]);
/** A hybrid section with every default filled in, as a validated config gives it. */
const options = (changes: Record<string, unknown> = {}) => ({
  controller: { type: 'reinforce', hiddenSize: 8, updateEvery: 4 },
  population: { type: 'evolution', populationSize: 8, generations: 4 },
  mixing: { controllerShare: 0.5, schedule: 'constant', horizon: 100 },
  offerElites: true,
  elitesOffered: 3,
  ...changes,
});

describeStrategyConformance({ plugin: hybrid, plugins: [reinforce, evolution], options: options(), services: services() });
describeStrategyConformance({
  plugin: hybrid,
  plugins: [reinforce, evolution],
  options: options({ mixing: { controllerShare: 0.1, schedule: 'linear', finalShare: 0.9, horizon: 20 }, offerElites: false }),
  services: services(),
  batch: 3,
});

interface Built {
  search: hybrid.HybridSearch;
  controller: reinforce.ReinforceSearch;
  population: evolution.EvolutionSearch;
}

/** The hybrid as a run builds it: from the installed plugins' registry, at /search of the run's streams. */
async function build(section: Record<string, unknown>, seed = 1): Promise<Built> {
  const registry = await PluginRegistry.of(installedPlugins());
  const streams = new RngStreams(seed);
  const search = registry.create<hybrid.HybridSearch>('search', { type: 'hybrid', ...section }, {
    bus: new EventBus({ runId: 'hybrid' }),
    rng: streams.stream('/search'),
    run: { runId: 'hybrid', name: 'hybrid', seed, configDir: '.' },
    services: services(),
    streams,
    path: '/search',
  });
  return { search, controller: search.controller as reinforce.ReinforceSearch, population: search.population as evolution.EvolutionSearch };
}

const keyOf = (value: CandidateValue) => (value.kind === 'expression' ? canonicalKey(table.parse(value.expression)) : '');
const judged = (values: CandidateValue[], round: number): EvaluatedCandidate[] =>
  values.map((value, i) => ({ candidate: { ...value, id: `r${round}c${i}`, index: i }, verdict: syntheticVerdict(value) }) as EvaluatedCandidate);

async function drive(search: SearchStrategy, rounds: number, batch: number): Promise<void> {
  for (let round = 0; round < rounds && !search.isDone?.(); round++) await search.tell(judged(await search.ask(batch), round));
}

describe('hybrid search: the real controller and population', () => {
  it('builds both sub-strategies through the registry, each with its own stream', async () => {
    const { controller, population } = await build(options());
    expect(controller).toBeInstanceOf(reinforce.ReinforceSearch);
    expect(population).toBeInstanceOf(evolution.EvolutionSearch);
    expect(population.members()).toHaveLength(8);
  });

  it('reports bad sub-section options as config problems at their JSON path', async () => {
    const problems = async (section: Record<string, unknown>) => {
      try {
        await build(section);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems.map((problem) => problem.jsonPath);
        throw error;
      }
      return [];
    };
    expect(await problems(options({ controller: { type: 'reinforce', hiddenUnits: 8 } }))).toEqual(['/search/controller/hiddenUnits']);
    expect(await problems(options({ population: { type: 'evolution', populationSize: 1 } }))).toEqual(['/search/population/populationSize']);
    expect(await problems(options({ population: { type: 'evolutions' } }))).toEqual(['/search/population/type']);
  });

  it('splits each ask by the share and lets the population adopt the controller\'s evaluated samples', async () => {
    const { search, controller, population } = await build(options());
    const values = await search.ask(8);
    expect(search.proposals).toEqual({ total: 8, fromController: 4 });
    const sampled = (controller.snapshot() as { pending: Array<{ expression: string }> }).pending.map((proposal) => proposal.expression);
    expect(values.slice(4).map((value) => (value.kind === 'expression' ? value.expression : ''))).toEqual(sampled);
    await search.tell(judged(values, 0));
    const cached = new Map((population.snapshot() as { cache: Array<[string, number | null]> }).cache);
    for (const value of values.slice(4)) expect(cached.get(keyOf(value))).toBe(syntheticVerdict(value).reward);
    const migrants = population.migrantTrees().map((tree) => canonicalKey(tree));
    expect(migrants.length).toBeGreaterThan(0);
    for (const key of migrants) expect(values.slice(4).map(keyOf)).toContain(key);
  });

  it('updates the controller on its own samples only: one step per updateEvery of them', async () => {
    const { search, controller } = await build(options({
      population: { type: 'evolution', populationSize: 8, generations: 20 },
      mixing: { controllerShare: 0.3, schedule: 'constant', horizon: 100 },
    }));
    await drive(search, 9, 5);
    const { total, fromController } = search.proposals;
    expect(total).toBe(45);
    expect(fromController).toBeGreaterThanOrEqual(13);
    expect(controller.update?.step).toBe(Math.floor(fromController / 4));
    expect((controller.snapshot() as { buffer: Json[] }).buffer).toHaveLength(fromController % 4);
  });

  it('offers the population\'s elites to the controller after each generation', async () => {
    const { search, controller, population } = await build(options());
    expect(search.offered).toEqual([]);
    await drive(search, 30, 4);
    expect(population.currentGeneration()).toBeGreaterThanOrEqual(2);
    const latest = population.elites(3).map((elite) => (elite.candidate.kind === 'expression' ? elite.candidate.key : ''));
    expect(latest.length).toBeGreaterThan(0);
    for (const key of latest) expect(search.offered).toContain(key);
    for (const key of search.offered) expect(controller.knownReward(key)).not.toBeUndefined();
    expect(controller.knownCount).toBe(search.offered.length);
  });
});

describe('recsearch run with search.type hybrid', () => {
  const dir = tempDir('recsearch-hybrid-');
  const config = writeJson(join(dir, 'hybrid.json'), {
    name: 'hybrid',
    seed: 3,
    dataset: { type: 'synthetic', users: 200, items: 300, ratings: 8000 },
    data: { task: 'classification' },
    model: { type: 'mf', dim: 8 },
    training: { loss: 'bce', optimizer: 'adam', learningRate: 0.01, batchSize: 256, maxEpochs: 3, stopping: { patience: 2 } },
    search: { type: 'hybrid', controller: { type: 'reinforce', hiddenSize: 8, updateEvery: 3 }, population: { type: 'evolution', populationSize: 6, generations: 3 } },
    evaluators: [{ type: 'proxy-test', batchSize: 5, delta: 0.0001 }, { type: 'reward-filter', learningRate: 0.01, eta: 1e-5 }],
    budget: { candidates: 20 },
    runner: { batchSize: 5, checkpointEverySteps: 1 },
    output: { runsDir: join(dir, 'runs') },
  });

  it('completes, checkpoints both sub-strategies and their streams, and is reproducible', () => {
    const runs = [0, 1].map(() => {
      const result = recsearch(['run', config, '--json']);
      expect(result.status).toBe(0);
      const { runDir, summary } = JSON.parse(result.stdout) as { runDir: string; summary: { status: string; progress: { candidates: number } } };
      return { summary, checkpoint: JSON.parse(readFileSync(join(runDir, 'checkpoint.json'), 'utf8')) };
    });
    expect(runs[0].summary).toMatchObject({ status: 'finished', progress: { candidates: 20 } });
    expect(Object.keys(runs[0].checkpoint.rng)).toEqual(expect.arrayContaining(['/search', '/search/controller', '/search/population']));
    expect(Object.keys(runs[0].checkpoint.strategy)).toEqual(['controller', 'population', 'state']);
    // 0.3 of 20 asks, plus what the population's generations left over (it never proposes a tree twice).
    expect(runs[0].checkpoint.strategy.state).toMatchObject({ asked: 20, fromController: expect.any(Number) });
    expect(runs[0].checkpoint.strategy.state.fromController).toBeGreaterThanOrEqual(6);
    expect(withoutTime(runs[1].summary)).toEqual(withoutTime(runs[0].summary));
    expect(runs[1].checkpoint.strategy).toEqual(runs[0].checkpoint.strategy);
  });
});
