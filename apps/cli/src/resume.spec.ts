import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEventLog, RUN_FILES } from '@recsearch/tracking';
import type { RecsearchEvent, RunSummary } from '@recsearch/core';
import { exited, readJson, recsearch, SLOW_SPHERE_PLUGIN, startRecsearch, tempDir, waitFor, writeJson, withoutTime } from './cli-harness';

/** A run slow enough (≈2 ms a candidate) to be killed in the middle. */
function slowRunConfig(dir: string): string {
  writeFileSync(join(dir, 'slow-sphere.ts'), SLOW_SPHERE_PLUGIN);
  return writeJson(join(dir, 'config.json'), {
    name: 'slow',
    seed: 2024,
    plugins: ['./slow-sphere.ts'],
    search: { type: 'random', space: { x: { type: 'real', min: -3, max: 3, size: 2 } } },
    evaluators: [{ type: 'slow-sphere', delayMs: 2 }],
    budget: { candidates: 1200 },
    runner: { batchSize: 4, checkpointEverySteps: 7 },
    output: { runsDir: join(dir, 'runs') },
  });
}

/** The log as a reader compares it: no times, no resume marker, durations zeroed. */
const story = (events: RecsearchEvent[]) =>
  events
    .filter((event) => event.type !== 'run.resumed')
    .map(({ type, payload }) => JSON.stringify({ type, payload }).replace(/"elapsedSeconds":[0-9.e-]+/g, '"elapsedSeconds":0'));

function eventCount(runDir: string): number {
  const file = join(runDir, RUN_FILES.events);
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0;
}

/** Starts a run and waits until its (new) folder's log holds `minimumEvents` events. */
async function startAndWait(config: string, runsDir: string, minimumEvents: number) {
  const existing = new Set(existsSync(runsDir) ? readdirSync(runsDir) : []);
  const child = startRecsearch(['run', config, '--json']);
  const done = exited(child);
  let runDir = '';
  await waitFor(() => {
    const fresh = existsSync(runsDir) ? readdirSync(runsDir).filter((name) => !existing.has(name)) : [];
    if (fresh.length === 1) runDir = join(runsDir, fresh[0]);
    return runDir !== '' && eventCount(runDir) >= minimumEvents;
  });
  return { child, done, runDir };
}

describe('crash safety', () => {
  const dir = tempDir('recsearch-resume-');
  const config = slowRunConfig(dir);
  const runsDir = join(dir, 'runs');
  let reference: { summary: RunSummary; events: RecsearchEvent[] };

  beforeAll(() => {
    const result = recsearch(['run', config, '--json']);
    expect(result.status).toBe(0);
    const { runDir, summary } = JSON.parse(result.stdout);
    reference = { summary, events: readEventLog(join(runDir, RUN_FILES.events)) };
  }, 60_000);

  it('kill -9 in the middle of a run, then resume: the same final summary, no event lost or duplicated', async () => {
    const run = await startAndWait(config, runsDir, 1500);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    const runDir = run.runDir;
    const before = readEventLog(join(runDir, RUN_FILES.events));
    expect(existsSync(join(runDir, RUN_FILES.summary))).toBe(false);

    const resumed = recsearch(['resume', runDir, '--json']);
    expect(resumed.status).toBe(0);
    expect(withoutTime(JSON.parse(resumed.stdout).summary)).toEqual(withoutTime(reference.summary));
    expect(withoutTime(readJson<RunSummary>(join(runDir, RUN_FILES.summary)))).toEqual(withoutTime(reference.summary));

    const after = readEventLog(join(runDir, RUN_FILES.events));
    expect(after.map((event) => event.seq)).toEqual(after.map((_, i) => i + 1));
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.filter((event) => event.type === 'run.resumed')).toHaveLength(1);
    expect(story(after)).toEqual(story(reference.events));
  }, 60_000);

  it('Ctrl-C finishes the step, checkpoints, exits 130 printing the resume command; resume completes the run', async () => {
    const run = await startAndWait(config, runsDir, 800);
    run.child.kill('SIGINT');
    const { code, stderr, stdout } = await run.done;
    expect(code).toBe(130);
    const runDir = run.runDir;
    expect(stderr).toContain(`resume with: recsearch resume ${runDir}`);
    const interrupted = JSON.parse(stdout).summary as RunSummary;
    expect(interrupted).toMatchObject({ status: 'interrupted', stoppedBy: 'interrupt' });
    expect(interrupted.progress.candidates % 4).toBe(0);
    expect(readJson<{ runner: { candidates: number } }>(join(runDir, RUN_FILES.checkpoint)).runner.candidates).toBe(interrupted.progress.candidates);

    const resumed = recsearch(['resume', runDir, '--json']);
    expect(resumed.status).toBe(0);
    expect(withoutTime(JSON.parse(resumed.stdout).summary)).toEqual(withoutTime(reference.summary));
    const events = readEventLog(join(runDir, RUN_FILES.events));
    // The interruption adds its own marker, and a checkpoint at the step it stopped after.
    const at = events.findIndex((event) => event.type === 'run.interrupted');
    const extraCheckpoint = events[at - 1].type === 'checkpoint.written' && (events[at - 1].payload as { step: number }).step % 7 !== 0;
    const uninterrupted = events.filter((_, i) => i !== at && !(extraCheckpoint && i === at - 1));
    expect(story(uninterrupted)).toEqual(story(reference.events));
  }, 60_000);

  it('lists the runs with their status', () => {
    const listed = JSON.parse(recsearch(['runs', '--dir', runsDir, '--json']).stdout) as Array<{ status: string; strategy: string; candidates: number }>;
    expect(listed.length).toBeGreaterThanOrEqual(3);
    expect(listed.every((run) => run.strategy === 'random')).toBe(true);
    expect(listed.filter((run) => run.status === 'finished').length).toBeGreaterThanOrEqual(3);
    expect(recsearch(['runs', '--dir', runsDir]).stdout).toMatch(/^run\s+status\s+strategy/);
  }, 30_000);

  it('refuses to resume a finished run', async () => {
    const result = recsearch(['run', config, '--set', 'budget.candidates=4', '--json']);
    const again = recsearch(['resume', JSON.parse(result.stdout).runDir]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/has already finished; nothing to resume/);
  }, 30_000);
});
