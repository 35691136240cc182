import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, type RecsearchEvent, type RunSummary } from '@recsearch/core';
import { RUN_FILES } from '@recsearch/tracking';
import { exited, recsearch, SLOW_SPHERE_PLUGIN, startRecsearch, tempDir, waitFor, writeJson, withoutTime } from './cli-harness';

jest.setTimeout(600_000);

const KILLS = 50;

/** The log as it is on disk right after a kill: whole lines parse, numbering has no gap or repeat. */
function checkLogOnDisk(runDir: string): number {
  const text = readFileSync(join(runDir, RUN_FILES.events), 'utf8');
  const lines = text.split('\n');
  const whole = text.endsWith('\n') ? lines.slice(0, -1) : lines.slice(0, -1); // a torn last line is allowed
  whole.forEach((line, i) => expect((JSON.parse(line) as RecsearchEvent).seq).toBe(i + 1));
  return whole.length;
}

const story = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RecsearchEvent)
    .filter((event) => !['run.resumed', 'run.interrupted'].includes(event.type))
    .map(({ type, payload }) => withoutTime({ type, payload }));

describe(`crash safety: ${KILLS} kill -9 / resume cycles at random points`, () => {
  it('never loses, repeats or tears an event or a checkpoint, and ends exactly as the uninterrupted run', async () => {
    const dir = tempDir('recsearch-crash-');
    writeFileSync(join(dir, 'slow-sphere.ts'), SLOW_SPHERE_PLUGIN);
    const config = writeJson(join(dir, 'config.json'), {
      name: 'crash',
      seed: 99,
      plugins: ['./slow-sphere.ts'],
      search: { type: 'random', space: { x: { type: 'real', min: -3, max: 3, size: 2 } } },
      evaluators: [{ type: 'slow-sphere', delayMs: 1 }],
      budget: { candidates: 8000 },
      runner: { batchSize: 3, checkpointEverySteps: 1 },
      output: { runsDir: join(dir, 'runs') },
    });
    const reference = recsearch(['run', config, '--json']);
    expect(reference.status).toBe(0);
    const expected = JSON.parse(reference.stdout) as { runDir: string; summary: RunSummary };

    const rng = Rng.fromSeed(2026);
    const runs = join(dir, 'runs');
    const before = new Set(readdirSync(runs));
    let child = startRecsearch(['run', config]);
    let runDir = '';
    await waitFor(() => {
      const fresh = readdirSync(runs).filter((name) => !before.has(name));
      if (fresh.length === 1) runDir = join(runs, fresh[0]);
      return runDir !== '' && existsSync(join(runDir, RUN_FILES.events));
    });
    let kills = 0;
    let finished = false;
    while (!finished) {
      const done = exited(child);
      const timer = kills < KILLS ? setTimeout(() => child.kill('SIGKILL'), rng.int(250, 1200)) : undefined;
      const { code, signal } = await done;
      clearTimeout(timer);
      if (signal === 'SIGKILL') {
        kills++;
        if (existsSync(join(runDir, RUN_FILES.events))) checkLogOnDisk(runDir);
        if (existsSync(join(runDir, RUN_FILES.checkpoint))) expect(() => JSON.parse(readFileSync(join(runDir, RUN_FILES.checkpoint), 'utf8'))).not.toThrow();
        child = startRecsearch(['resume', runDir]);
      } else {
        expect(code).toBe(0);
        finished = true;
      }
    }
    expect(kills).toBe(KILLS);
    const summary = JSON.parse(readFileSync(join(runDir, RUN_FILES.summary), 'utf8')) as RunSummary;
    expect(withoutTime(summary)).toEqual(withoutTime(expected.summary));
    expect(checkLogOnDisk(runDir)).toBeGreaterThan(0);
    expect(story(join(runDir, RUN_FILES.events))).toEqual(story(join(expected.runDir, RUN_FILES.events)));
  });
});
