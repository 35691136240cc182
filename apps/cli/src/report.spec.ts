import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { exited, startRecsearch, tempDir, writeJson } from './cli-harness';
import { registerReport } from './commands/report';
import { createOutput } from './output';

const CONFIGS = resolve(__dirname, '../../../configs');
const SCREENSHOT = resolve(__dirname, '../../../docs/report-example.png');
const CHROMIUM = '/usr/bin/chromium';
/** The marks vega draws: points, lines, bars and bands. */
const MARKS = 'svg .mark-symbol path, svg .mark-line path, svg .mark-rect path, svg .mark-area path';

/** Starts a real run in a child process and resolves to its run folder (from `--json`). */
async function runFolder(args: string[]): Promise<string> {
  const result = await exited(startRecsearch([...args, '--json']));
  if (result.code !== 0) throw new Error(`recsearch ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { runDir: string }).runDir;
}

/** `recsearch report …` in this process (main.ts registers the same command), with --json on stdout. */
async function report(args: string[]): Promise<{ exitCode: number; printed: unknown; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const program = new Command('recsearch').exitOverride();
  registerReport(program, { output: (options) => createOutput({ json: options.json }), setExitCode: () => undefined });
  try {
    await program.parseAsync(['node', 'recsearch', 'report', ...args, '--json']);
    return { exitCode: 0, printed: JSON.parse(stdout), stderr };
  } catch (error) {
    return { exitCode: (error as { exitCode?: number }).exitCode ?? 1, printed: null, stderr: `${stderr}${(error as Error).message}` };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

interface Written {
  files: { html: string; markdown: string; plots: string[] };
}

describe('recsearch report on real runs', () => {
  const runs: Record<string, string> = {};

  beforeAll(async () => {
    const dir = tempDir('recsearch-report-');
    const trainConfig = writeJson(join(dir, 'train-deopt.json'), {
      name: 'train-deopt',
      training: { maxEpochs: 3, hyperparameters: { method: 'de-opt', population: 4 } },
      output: { runsDir: join(dir, 'train') },
    });
    const [evolution, autolossgen, deOpt, de1, de2, random1] = await Promise.all([
      runFolder(['run', join(CONFIGS, 'evomal-mf-synthetic.json'), '--set', 'search.populationSize=6', '--set', 'search.generations=2', '--set', 'budget.candidates=12', '--set', 'phases.2.evaluators.0.training.maxEpochs=2', '--set', `output.runsDir=${join(dir, 'evo')}`]),
      runFolder(['run', join(CONFIGS, 'autolossgen-quick-synthetic.json'), '--set', 'budget.candidates=60', '--set', 'phases.2.evaluators.0.training.maxEpochs=3', '--set', `output.runsDir=${join(dir, 'alg')}`]),
      runFolder(['train', trainConfig]),
      runFolder(['run', join(CONFIGS, 'de-rosenbrock.json'), '--set', 'budget.candidates=1000', '--set', 'seed=1', '--set', `output.runsDir=${join(dir, 'de1')}`]),
      runFolder(['run', join(CONFIGS, 'de-rosenbrock.json'), '--set', 'budget.candidates=1000', '--set', 'seed=2', '--set', `output.runsDir=${join(dir, 'de2')}`]),
      runFolder(['run', join(CONFIGS, 'random-rosenbrock.json'), '--set', 'budget.candidates=1000', '--set', 'seed=1', '--set', `output.runsDir=${join(dir, 'random1')}`]),
    ]);
    Object.assign(runs, { evolution, autolossgen, deOpt, de1, de2, random1, compare: join(dir, 'compare') });
  }, 90_000);

  it('writes run-report.html and run-report.md with the plots each kind of run has', async () => {
    const expected: Record<string, string[]> = {
      autolossgen: ['reward', 'best-so-far', 'acceptance', 'throughput', 'live-validation', 'training-validation', 'training-loss', 'gradients'],
      evolution: ['reward', 'best-so-far', 'acceptance', 'throughput', 'live-validation', 'training-validation', 'training-loss', 'gradients'],
      deOpt: ['training-validation', 'training-loss', 'hyperparameters', 'gradients'],
      de1: ['reward', 'best-so-far', 'acceptance', 'throughput'],
    };
    for (const [kind, plots] of Object.entries(expected)) {
      const result = await report([runs[kind]]);
      expect(result.exitCode).toBe(0);
      const { files } = result.printed as Written;
      expect(files.html).toBe(join(runs[kind], 'run-report.html'));
      expect(files.plots.map((file) => file.slice(file.lastIndexOf('/') + 1, -4))).toEqual(plots);
      const html = readFileSync(files.html, 'utf8');
      expect(html.match(/<figure id="plot-/g)).toHaveLength(plots.length);
      expect(readFileSync(files.markdown, 'utf8')).toContain(`](plots/${plots[0]}.svg)`);
    }
    // The loss search's own report (Table 5) stays beside ours, untouched.
    expect(readFileSync(join(runs['autolossgen'], 'report.md'), 'utf8')).toMatch(/^# Loss search report/);
    expect(readFileSync(join(runs['autolossgen'], 'run-report.html'), 'utf8')).toContain('\\hat{y}');
  }, 60_000);

  it('--compare writes the budget plot, finals and Wilcoxon p-values (per-seed finals need ≥ 2 shared seeds)', async () => {
    const result = await report(['--compare', runs['de1'], runs['de2'], runs['random1'], '--out', runs['compare']]);
    expect(result.exitCode).toBe(0);
    const { files, finals, tests } = result.printed as Written & { finals: Array<{ group: string; runs: number }>; tests: Array<{ basis: string; pairs: number; pValue: number | null }> };
    expect(finals.map((group) => [group.group, group.runs])).toEqual([['de-rosenbrock', 2], ['random-rosenbrock', 1]]);
    expect(tests).toHaveLength(1);
    expect(tests[0]).toMatchObject({ basis: 'per-candidate-index best-so-far' });
    expect(tests[0].pairs).toBeGreaterThan(900);
    expect(tests[0].pValue).toBeLessThan(0.05);
    expect(files.plots).toEqual([join(runs['compare'], 'plots', 'budget.svg')]);
    expect(readFileSync(files.plots[0], 'utf8')).toMatch(/class="mark-area/);
  }, 60_000);

  it('refuses a folder that is not a run, and --compare with one run, with exit code 2', async () => {
    const notARun = await report([tempDir()]);
    expect(notARun.exitCode).toBe(2);
    expect(notARun.stderr).toMatch(/is not a run folder: it has no config.resolved.json/);
    const single = await report(['--compare', runs['de1']]);
    expect(single.exitCode).toBe(2);
    expect(single.stderr).toMatch(/needs at least two run folders/);
  });

  const inChromium = existsSync(CHROMIUM) ? it : it.skip;
  if (!existsSync(CHROMIUM)) process.stderr.write(`report.spec: ${CHROMIUM} not found, the browser test is skipped (apt-get install -y chromium)\n`);

  inChromium('renders in headless Chromium: every plot has marks, no console errors', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      for (const kind of ['autolossgen', 'evolution', 'deOpt', 'de1']) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
        const errors: string[] = [];
        page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
        page.on('pageerror', (error) => errors.push(String(error)));
        await page.goto(`file://${join(runs[kind], 'run-report.html')}`);
        const marks = await page.$$eval('figure.plot', (figures, selector) => figures.map((figure) => [figure.id, figure.querySelectorAll(selector).length] as const), MARKS);
        expect(marks.length).toBeGreaterThan(0);
        for (const [id, count] of marks) expect([id, count > 0]).toEqual([id, true]);
        expect(errors).toEqual([]);
        if (kind === 'autolossgen') {
          const shot = join(runs[kind], 'report-example.png');
          await page.screenshot({ path: shot, fullPage: true });
          // The docs picture is refreshed on request only, so a test run does not dirty the tree.
          if (!existsSync(SCREENSHOT) || process.env['RECSEARCH_UPDATE_DOCS'] === '1') copyFileSync(shot, SCREENSHOT);
        }
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
