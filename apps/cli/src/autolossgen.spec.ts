import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '@recsearch/core';
import { readEventLog, RUN_FILES } from '@recsearch/tracking';
import { exited, readJson, recsearch, startRecsearch, tempDir, waitFor, writeJson, withoutTime } from './cli-harness';

jest.setTimeout(120_000);

/** A small three-phase AutoLossGen search on synthetic data. */
function smallSearch(dir: string, candidates: number): string {
  return writeJson(join(dir, 'autolossgen.json'), {
    name: 'alg',
    seed: 11,
    dataset: { type: 'synthetic', users: 300, items: 400, ratings: 20000 },
    model: { type: 'mf', dim: 16 },
    training: { optimizer: 'adam', learningRate: 0.01, maxEpochs: 6, stopping: { patience: 2 } },
    search: { type: 'reinforce' },
    evaluators: [{ type: 'proxy-test' }, { type: 'reward-filter', learningRate: 0.01 }],
    budget: { candidates },
    runner: { batchSize: 10, checkpointEverySteps: 1 },
    phases: [
      { name: 'search' },
      { name: 'validation-check', evaluators: [{ type: 'validation-check' }] },
      { name: 'effectiveness-test', evaluators: [{ type: 'effectiveness-test', epsGrid: [0.1, 0.000001], training: { maxEpochs: 4, stopping: { patience: 2 } } }], budget: { candidates: 1 }, include: ['mse', 'bce'] },
    ],
    output: { runsDir: join(dir, 'runs') },
  });
}


describe('AutoLossGen through the CLI', () => {
  const dir = tempDir('recsearch-alg-');
  const config = smallSearch(dir, 300);
  let reference: { summary: RunSummary; report: string };

  beforeAll(() => {
    const result = recsearch(['run', config, '--json']);
    expect(result.status).toBe(0);
    const { runDir, summary } = JSON.parse(result.stdout);
    reference = { summary, report: readFileSync(join(runDir, 'report.md'), 'utf8') };
  });

  it('runs the three phases and reports the found loss beside the baselines, trained the same way', () => {
    const { summary, report } = reference;
    expect(summary.phases?.map((phase) => phase.stoppedBy)).toEqual(['candidates', expect.stringMatching(/strategy|candidates/)]);
    expect(summary.phases?.[0].progress.candidates).toBe(300);
    expect(report).toMatch(/\| MSE \| 0\.\d{4} \|/);
    expect(report).toMatch(/\| BCE \| 0\.\d{4} \|/);
    expect(report).toMatch(/proxy-test: zero gradient: \d+/);
    expect(report).toMatch(/proxy-test: gradient duplicate: \d+/);
    expect(report).toMatch(/reward-filter: passed: \d+/);
  });

  it('is reproducible, and kill -9 mid-search then resume gives the same results', async () => {
    const runs = join(dir, 'runs');
    const before = new Set(readdirSync(runs));
    const child = startRecsearch(['run', config, '--json']);
    const done = exited(child);
    let runDir = '';
    await waitFor(() => {
      const fresh = readdirSync(runs).filter((name) => !before.has(name));
      if (fresh.length === 1) runDir = join(runs, fresh[0]);
      const log = runDir && join(runDir, RUN_FILES.events);
      return Boolean(log) && existsSync(log) && readFileSync(log, 'utf8').split('\n').length > 400;
    });
    child.kill('SIGKILL');
    await done;
    const resumed = recsearch(['resume', runDir, '--json']);
    expect(resumed.status).toBe(0);
    expect(withoutTime(JSON.parse(resumed.stdout).summary)).toEqual(withoutTime(reference.summary));
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toBe(reference.report);
    const events = readEventLog(join(runDir, RUN_FILES.events));
    expect(events.map((event) => event.seq)).toEqual(events.map((_, i) => i + 1));
    expect(readJson<RunSummary>(join(runDir, RUN_FILES.summary)).status).toBe('finished');
  });
});
