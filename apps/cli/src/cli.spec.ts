import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readEventLog, RUN_FILES } from '@recsearch/tracking';
import { readJson, recsearch, SLOW_SPHERE_PLUGIN, tempDir, writeJson } from './cli-harness';
import { SCHEMA_FILE, schemaText } from './commands/schema';

const DEFAULT_CONFIG = resolve(__dirname, '../../../configs/random-rosenbrock.json');

describe('recsearch CLI', () => {
  it('runs the default config and reports the best candidate, with a complete run folder', () => {
    const runs = tempDir();
    const result = recsearch(['run', DEFAULT_CONFIG, '--set', `output.runsDir=${runs}`, '--set', 'budget.candidates=300', '--json']);
    expect(result.status).toBe(0);
    const { runDir, summary } = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ status: 'finished', stoppedBy: 'candidates', progress: { candidates: 300, evaluations: 300 } });
    expect(summary.best.verdict.reward).toBeLessThan(0);
    expect(summary.best.verdict.reward).toBeGreaterThan(-1);
    expect(readdirSync(runDir).sort()).toEqual([RUN_FILES.checkpoint, RUN_FILES.config, RUN_FILES.events, RUN_FILES.meta, RUN_FILES.summary].sort());
    const events = readEventLog(join(runDir, RUN_FILES.events));
    expect(events.filter((event) => event.type === 'candidate.evaluated')).toHaveLength(300);
    expect(events[events.length - 1].type).toBe('run.finished');
    expect(readJson(join(runDir, RUN_FILES.summary))).toEqual(summary);
  });

  it('gives the same event log for the same config and seed (timestamps aside)', () => {
    const runs = tempDir();
    const logs = [1, 2].map(() => {
      const { stdout } = recsearch(['run', DEFAULT_CONFIG, '--set', `output.runsDir=${runs}`, '--set', 'budget.candidates=50', '--json']);
      const { runDir } = JSON.parse(stdout);
      return readEventLog(join(runDir, RUN_FILES.events)).map(({ type, seq, payload }) => ({ type, seq, payload: JSON.stringify(payload).replace(/"elapsedSeconds":[0-9.e-]+/, '') }));
    });
    expect(logs[1]).toEqual(logs[0]);
    const other = recsearch(['run', DEFAULT_CONFIG, '--set', `output.runsDir=${runs}`, '--set', 'budget.candidates=50', '--set', 'seed=43', '--json']);
    expect(JSON.parse(other.stdout).summary.best).not.toEqual(JSON.parse(recsearch(['run', DEFAULT_CONFIG, '--set', `output.runsDir=${runs}`, '--set', 'budget.candidates=50', '--json']).stdout).summary.best);
  });

  it('validate lists all three mistakes of a config by JSON path and file:line, exits 2 and runs nothing', () => {
    const dir = tempDir();
    const file = join(dir, 'three-mistakes.json');
    writeFileSync(
      file,
      [
        '{',
        '  "extends": "' + DEFAULT_CONFIG + '",',
        '  "seed": 1.5,',
        '  "budget": { "candidates": 0 },',
        '  "evaluators": [{ "type": "test-function", "function": "himmelblau" }]',
        '}',
      ].join('\n'),
    );
    const result = recsearch(['validate', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}:3:3 /seed: must be integer (found 1.5)`);
    expect(result.stderr).toContain(`${file}:4:15 /budget/candidates: must be >= 1 (found 0)`);
    expect(result.stderr).toMatch(new RegExp(`${file}:5:\\d+ /evaluators/0/function: must be one of "sphere", "rosenbrock", "rastrigin", "ackley" \\(found "himmelblau"\\)`));
    expect(result.stderr.match(/^ {2}- /gm)).toHaveLength(3);

    const json = recsearch(['validate', file, '--json']);
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout).problems.map((p: { jsonPath: string }) => p.jsonPath)).toEqual(['/seed', '/budget/candidates', '/evaluators/0/function']);

    const runs = tempDir();
    expect(recsearch(['run', file, '--set', `output.runsDir=${runs}`]).status).toBe(2);
    expect(readdirSync(runs)).toEqual([]);
  });

  it('refuses to run a config without a search, naming the missing section', () => {
    const dir = tempDir();
    const config = writeJson(join(dir, 'no-search.json'), { evaluators: [{ type: 'test-function', function: 'sphere' }], output: { runsDir: join(dir, 'runs') } });
    const result = recsearch(['run', config]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('/search: is required to run a search');
  });

  it('validate reports a bad composite operator by JSON path', () => {
    const dir = tempDir();
    const file = writeJson(join(dir, 'ops.json'), {
      extends: DEFAULT_CONFIG,
      operators: [{ name: 'softish', params: ['x'], formula: 'log(1 + frobnicate(x))' }],
    });
    const result = recsearch(['validate', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/\/operators\/0\/formula: .*frobnicate/);
  });

  it('validates --set overrides like the file', () => {
    const result = recsearch(['validate', DEFAULT_CONFIG, '--set', 'runner.batchSize="ten"']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--set runner.batchSize="ten" /runner/batchSize: must be integer (found "ten")');
  });

  it('loads a TypeScript plugin from a path outside the workspace, lists it, and runs with it', () => {
    const dir = tempDir('recsearch-user-plugin-');
    writeFileSync(join(dir, 'slow-sphere.ts'), SLOW_SPHERE_PLUGIN);
    const config = writeJson(join(dir, 'config.json'), {
      plugins: ['./slow-sphere.ts'],
      search: { type: 'random', space: { x: { type: 'real', min: -1, max: 1, size: 2 } } },
      evaluators: [{ type: 'slow-sphere', delayMs: 0 }],
      budget: { candidates: 20 },
      output: { runsDir: join(dir, 'runs') },
    });
    const listed = recsearch(['plugins', '--config', config, '--json']);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual(
      expect.arrayContaining([
        { kind: 'evaluator', id: 'slow-sphere', description: expect.stringMatching(/delayMs/), source: './slow-sphere.ts', options: ['delayMs?: number = 2'] },
        expect.objectContaining({ kind: 'search', id: 'random' }),
      ]),
    );
    const human = recsearch(['plugins', '--config', config]);
    expect(human.stdout).toMatch(/evaluator\s+slow-sphere\s+Sphere function/);

    const run = recsearch(['run', config, '--json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).summary.progress.candidates).toBe(20);
  });

  it('names a plugin that is missing or broken, exits 2, and leaves no run folder', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.ts'), 'export const manifest = { id: "broken" };');
    for (const plugin of ['./missing-plugin.ts', './broken.ts']) {
      const config = writeJson(join(dir, 'config.json'), {
        plugins: [plugin],
        search: { type: 'random', space: { x: { type: 'real', min: 0, max: 1 } } },
        evaluators: [{ type: 'test-function', function: 'sphere', dimensions: 1 }],
        output: { runsDir: join(dir, 'runs') },
      });
      const result = recsearch(['run', config]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`plugin ${join(dir, plugin.slice(2))}:`);
    }
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  });

  it('answers an unknown flag, a missing file and an unknown command with one message and exit 2', () => {
    const flag = recsearch(['run', DEFAULT_CONFIG, '--bogus']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain("unknown option '--bogus'");
    const missing = recsearch(['run', '/nowhere/config.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('/nowhere/config.json: file not found');
    const command = recsearch(['frobnicate']);
    expect(command.status).toBe(2);
    expect(command.stderr).toContain("unknown command 'frobnicate'");
  });

  it('keeps the checked-in config schema in step with the installed plugins (run `npm run schema`)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });
});
