import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assembleRun, composeSchema, EventBus, loadPlugin, loadRawConfig, PluginRegistry, Runner, validateConfig } from '@recsearch/core';
import { RunStore } from '@recsearch/tracking';
import type { BenchRow } from './bench-row';

/**
 * The runtime's own cost per candidate (bus, event log, checkpoints) on the default config,
 * whose evaluator costs next to nothing: what every search pays on top of its evaluations.
 */
export async function run(): Promise<BenchRow[]> {
  const perCandidate: Record<string, number> = {};
  for (const [label, checkpointEverySteps] of [['never', 1e9], ['every step', 1]] as const) {
    const plugins = ['@recsearch/search-random', '@recsearch/evaluator-test-function'].map((name) => loadPlugin(name, __dirname));
    const registry = await PluginRegistry.of(plugins);
    const name = 'runner-bench';
    const raw = loadRawConfig(resolve(__dirname, '../../configs/random-rosenbrock.json'), [
      `budget.candidates=${label === 'never' ? 20000 : 2000}`,
      'runner.batchSize=1',
      `runner.checkpointEverySteps=${checkpointEverySteps}`,
    ]);
    const config = validateConfig(raw, composeSchema(registry.list()));
    const runs = mkdtempSync(join(tmpdir(), 'recsearch-bench-'));
    const store = RunStore.create(runs, name, config, { configFile: 'bench' });
    const bus = new EventBus({ runId: store.runId });
    store.attach(bus);
    const parts = assembleRun(config, { registry, bus, run: { runId: store.runId, name, seed: config.seed, configDir: '.' } }, (c) => store.saveCheckpoint(c));
    const started = process.hrtime.bigint();
    await new Runner(parts).run();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    store.close();
    rmSync(runs, { recursive: true, force: true });
    perCandidate[label] = (seconds / config.budget.candidates) * 1e6;
  }
  const checkpointCost = (perCandidate['every step'] - perCandidate['never']) / 1000;
  return [
    { name: 'runtime per candidate (bus + event log, no checkpoints)', value: perCandidate['never'], unit: 'µs', target: '≤ 250 µs (0.5% of a 50 ms training epoch)', ok: perCandidate['never'] <= 250 },
    { name: 'one checkpoint (JSON, fsync, rename)', value: checkpointCost, unit: 'ms' },
  ];
}
