import type { CandidateValue, Candidate } from '../contracts/candidate';
import type { Evaluator } from '../contracts/evaluator';
import { EventBus } from '../events/bus';
import type { PluginExports } from '../plugins/manifest';
import { PluginRegistry } from '../plugins/registry';
import { RngStreams } from '../rng/rng-streams';

export interface EvaluatorConformanceOptions {
  plugin: PluginExports;
  options: Record<string, unknown>;
  /** Candidates the evaluator accepts, to evaluate during the checks. */
  candidates: CandidateValue[];
  /** Run-level services the evaluator needs (e.g. the training setup), built fresh per container. */
  services?: () => ReadonlyMap<symbol, unknown>;
}

export async function createEvaluator(
  plugin: PluginExports,
  options: Record<string, unknown>,
  seed: number | RngStreams = 1,
  services?: ReadonlyMap<symbol, unknown>,
  bus = new EventBus({ runId: 'conformance' }),
): Promise<Evaluator> {
  const registry = await PluginRegistry.of([{ ...plugin, source: `test:${plugin.manifest.id}` }]);
  const streams = typeof seed === 'number' ? new RngStreams(seed) : seed;
  return registry.create<Evaluator>('evaluator', { type: plugin.manifest.id, ...options }, {
    bus,
    services,
    rng: streams.stream('/evaluators/0'),
    run: { runId: 'conformance', name: 'conformance', seed: streams.seed, configDir: process.cwd() },
  });
}

/** The contract every evaluator stage must keep. */
export function describeEvaluatorConformance(settings: EvaluatorConformanceOptions): void {
  const { plugin, options, candidates } = settings;
  const build = (streams = new RngStreams(1)) => createEvaluator(plugin, options, streams, settings.services?.());
  const identified = candidates.map((value, index) => ({ ...value, id: `c${index}`, index }) as Candidate);

  describe(`evaluator conformance: ${plugin.manifest.id}`, () => {
    it('is an evaluator plugin that accepts the given candidates', async () => {
      expect(plugin.manifest.kind).toBe('evaluator');
      const evaluator = await build();
      for (const candidate of identified) expect(evaluator.accepts).toContain(candidate.kind);
    });

    it('gives well-formed verdicts: boolean pass, numeric reward, finite metrics', async () => {
      const evaluator = await build();
      const bus = new EventBus({ runId: 'conformance' });
      for (const candidate of identified) {
        const verdict = await evaluator.evaluate(candidate, { runId: 'conformance', bus, earlier: [] });
        expect(typeof verdict.pass).toBe('boolean');
        expect(typeof verdict.reward).toBe('number');
        expect(Number.isNaN(verdict.reward)).toBe(false);
        for (const value of Object.values(verdict.metrics)) expect(typeof value).toBe('number');
        expect(JSON.parse(JSON.stringify(verdict)).pass).toBe(verdict.pass);
      }
    });

    it('gives the same verdicts after snapshot → JSON → restore in a fresh container', async () => {
      const bus = new EventBus({ runId: 'conformance' });
      const context = { runId: 'conformance', bus, earlier: [] };
      const streams = new RngStreams(1);
      const original = await build(streams);
      const half = Math.ceil(identified.length / 2);
      for (const candidate of identified.slice(0, half)) await original.evaluate(candidate, context);
      const snapshot = original.snapshot ? JSON.parse(JSON.stringify(original.snapshot())) : undefined;
      // The runner checkpoints the random streams beside the snapshot, and restores both.
      const rngState = JSON.parse(JSON.stringify(streams.snapshot()));
      const expected = [];
      for (const candidate of identified.slice(half)) expected.push(await original.evaluate(candidate, context));

      const freshStreams = new RngStreams(1);
      const restored = await build(freshStreams);
      if (snapshot !== undefined) restored.restore?.(snapshot);
      freshStreams.restore(rngState);
      const actual = [];
      for (const candidate of identified.slice(half)) actual.push(await restored.evaluate(candidate, context));
      expect(actual).toEqual(expected);
    });
  });
}
