import { EventBus } from '../events/bus';
import type { Json } from '../contracts/candidate';
import type { EvaluatedCandidate, SearchStrategy } from '../contracts/search-strategy';
import type { PluginExports } from '../plugins/manifest';
import { PluginRegistry } from '../plugins/registry';
import { RngStreams } from '../rng/rng-streams';
import { syntheticVerdict } from './synthetic-verdict';

export interface StrategyConformanceOptions {
  /** The plugin under test, as its package exports it. */
  plugin: PluginExports;
  /** A valid options section for it (defaults already filled in), without `type`. */
  options: Record<string, unknown>;
  /** Candidates per ask. */
  batch?: number;
  /** Rounds before the snapshot, and after it. */
  rounds?: number;
  /** Run-level services the strategy needs (e.g. the operator table). */
  services?: ReadonlyMap<symbol, unknown>;
  /** Other plugins the strategy builds sub-components from (e.g. a hybrid's controller). */
  plugins?: readonly PluginExports[];
}

/** Builds the strategy the way a run does: its plugin loaded into a fresh container. */
export async function createStrategy(
  plugin: PluginExports,
  options: Record<string, unknown>,
  streams: RngStreams,
  services?: ReadonlyMap<symbol, unknown>,
  others: readonly PluginExports[] = [],
): Promise<SearchStrategy> {
  const registry = await PluginRegistry.of([plugin, ...others].map((one) => ({ ...one, source: `test:${one.manifest.id}` })));
  const bus = new EventBus({ runId: 'conformance' });
  return registry.create<SearchStrategy>('search', { type: plugin.manifest.id, ...options }, {
    bus,
    rng: streams.stream('/search'),
    services,
    streams,
    path: '/search',
    run: { runId: 'conformance', name: 'conformance', seed: streams.seed, configDir: process.cwd() },
  });
}

async function rounds(strategy: SearchStrategy, count: number, batch: number): Promise<EvaluatedCandidate[][]> {
  const history: EvaluatedCandidate[][] = [];
  for (let round = 0; round < count; round++) {
    const values = await strategy.ask(batch);
    const results = values.map((value, i) => ({
      candidate: { ...value, id: `r${round}c${i}`, index: round * batch + i },
      verdict: syntheticVerdict(value),
    })) as EvaluatedCandidate[];
    await strategy.tell(results);
    history.push(results);
  }
  return history;
}

/**
 * The contract every search strategy must keep; a strategy plugin runs this against itself:
 * `describeStrategyConformance({ plugin: require('./index'), options: {...} })`.
 */
export function describeStrategyConformance(settings: StrategyConformanceOptions): void {
  const batch = settings.batch ?? 4;
  const count = settings.rounds ?? 3;
  const { plugin, options } = settings;

  describe(`search strategy conformance: ${plugin.manifest.id}`, () => {
    it('is a search plugin whose manifest schema is an object schema', () => {
      expect(plugin.manifest.kind).toBe('search');
      expect(plugin.manifest.schema['type']).toBe('object');
    });

    it('asks for at most the requested number of candidates, all of its declared kind', async () => {
      const strategy = await createStrategy(plugin, options, new RngStreams(7), settings.services, settings.plugins);
      for (const n of [1, batch, 2 * batch]) {
        const values = await strategy.ask(n);
        expect(values.length).toBeLessThanOrEqual(n);
        if (!strategy.isDone?.()) expect(values.length).toBeGreaterThan(0);
        for (const value of values) expect(value.kind).toBe(strategy.candidateKind);
        await strategy.tell(values.map((value, i) => ({ candidate: { ...value, id: `c${i}`, index: i }, verdict: syntheticVerdict(value) }) as EvaluatedCandidate));
      }
    });

    it('is reproducible: the same seed proposes the same candidates', async () => {
      const first = await rounds(await createStrategy(plugin, options, new RngStreams(11), settings.services, settings.plugins), count, batch);
      const second = await rounds(await createStrategy(plugin, options, new RngStreams(11), settings.services, settings.plugins), count, batch);
      expect(second).toEqual(first);
    });

    it('depends on the seed', async () => {
      const first = await rounds(await createStrategy(plugin, options, new RngStreams(11), settings.services, settings.plugins), count, batch);
      const other = await rounds(await createStrategy(plugin, options, new RngStreams(12), settings.services, settings.plugins), count, batch);
      expect(other).not.toEqual(first);
    });

    it('continues identically after snapshot → JSON → restore in a fresh container', async () => {
      const streams = new RngStreams(5);
      const original = await createStrategy(plugin, options, streams, settings.services, settings.plugins);
      await rounds(original, count, batch);
      const snapshot = JSON.parse(JSON.stringify(original.snapshot())) as Json;
      const rngState = JSON.parse(JSON.stringify(streams.snapshot())) as Record<string, number[]>;
      const expected = await rounds(original, count, batch);

      const freshStreams = new RngStreams(5);
      const restored = await createStrategy(plugin, options, freshStreams, settings.services, settings.plugins);
      restored.restore(snapshot);
      freshStreams.restore(rngState);
      expect(await rounds(restored, count, batch)).toEqual(expected);
    });
  });
}
