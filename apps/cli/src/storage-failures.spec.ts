import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '@recsearch/core';
import { readEventLog, RUN_FILES } from '@recsearch/tracking';
import { BIN, recsearch, SLOW_SPHERE_PLUGIN, tempDir, writeJson, withoutTime } from './cli-harness';

jest.setTimeout(120_000);

/** chattr +i makes a folder unwritable even for root (where chmod does not). */
function immutable(dir: string, on: boolean): boolean {
  return spawnSync('chattr', [on ? '+i' : '-i', dir]).status === 0;
}

function searchConfig(dir: string, runsDir: string): string {
  writeFileSync(join(dir, 'slow-sphere.ts'), SLOW_SPHERE_PLUGIN);
  return writeJson(join(dir, 'config.json'), {
    name: 'storage',
    seed: 5,
    plugins: ['./slow-sphere.ts'],
    search: { type: 'random', space: { x: { type: 'real', min: -3, max: 3, size: 2 } } },
    evaluators: [{ type: 'slow-sphere', delayMs: 0 }],
    budget: { candidates: 3000 },
    runner: { batchSize: 5, checkpointEverySteps: 2 },
    output: { runsDir },
  });
}


describe('storage failures', () => {
  it('a read-only runs folder: one clear message naming it, exit 2, nothing written', () => {
    const dir = tempDir('recsearch-ro-');
    const runs = join(dir, 'runs');
    mkdirSync(runs);
    if (!immutable(runs, true)) return console.warn('chattr is not available here: read-only test skipped');
    try {
      const result = recsearch(['run', searchConfig(dir, runs)]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`recsearch: cannot create a run folder in ${runs}: .*(EPERM|EACCES|EROFS)`));
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    } finally {
      immutable(runs, false);
    }
  });

  it('a full disk mid-run: the run stops with a clear message, the run folder stays consistent, resume completes it', () => {
    const dir = tempDir('recsearch-full-');
    const runs = join(dir, 'runs');
    const config = searchConfig(dir, runs);
    const reference = JSON.parse(recsearch(['run', config, '--json', '--set', `output.runsDir=${join(dir, 'reference')}`]).stdout) as { summary: RunSummary };

    // Files may not grow past 200 KiB: writes beyond fail with EFBIG, as on a full disk.
    const limited = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f 200; exec "${process.execPath}" "${BIN}" run "${config}"`], { encoding: 'utf8' });
    expect(limited.status).toBe(1);
    expect(limited.stderr).toMatch(/cannot write the run's event log in .* \(.*EFBIG.*\); the run stopped at its last checkpoint\. Fix the cause, then: recsearch resume /);
    const runDir = /recsearch resume (\S+)/.exec(limited.stderr)?.[1] as string;
    expect(existsSync(join(runDir, RUN_FILES.checkpoint))).toBe(true);
    const checkpoint = JSON.parse(readFileSync(join(runDir, RUN_FILES.checkpoint), 'utf8')) as { seq: number };
    const logged = readEventLog(join(runDir, RUN_FILES.events));
    expect(checkpoint.seq).toBeLessThanOrEqual(logged.length);

    const resumed = recsearch(['resume', runDir, '--json']);
    expect(resumed.status).toBe(0);
    expect(withoutTime(JSON.parse(resumed.stdout).summary)).toEqual(withoutTime(reference.summary));
    const events = readEventLog(join(runDir, RUN_FILES.events));
    expect(events.map((event) => event.seq)).toEqual(events.map((_, i) => i + 1));
  });
});
