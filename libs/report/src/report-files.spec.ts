import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rollingAcceptance } from './run-plots';
import { RunFixture } from './run-fixture';
import { scaleFor, thin } from './vega-spec';
import { REPORT_FILES, writeRunReport } from './write-report';

const MARKS = /class="mark-(symbol|line|rect|area)[^"]*"[^>]*>\s*<path/;

describe('writeRunReport', () => {
  it('writes run-report.html with one inline SVG per plot, run-report.md linking plots/*.svg, and leaves report.md alone', async () => {
    const fixture = new RunFixture({ name: 'files', seed: 3, dataset: { type: 'synthetic', users: 10 } })
      .event('run.started', { name: 'files', seed: 3, strategy: 'random', evaluators: ['judge'] });
    for (let i = 0; i < 30; i++) fixture.candidate(`c${i}`, i, { pass: i % 3 !== 0, reward: Math.sin(i) }, false, i % 2 ? '(yhat - y)^2' : 'yhat * (1 - y) + (1 - yhat) * y');
    fixture.event('training.epoch', { epoch: 0, loss: 0.5, validation: 0.6, best: 0.6, bestEpoch: 0, seconds: 1, metric: 'auc' });
    fixture.event('training.deopt-epoch', { epoch: 0, metric: 'auc', validation: 0.6, best: 0.6, bestEpoch: 0, accepted: 1, population: 4, passes: 4, totalPasses: 4, loss: 0.5, seconds: 1, settings: [{ learningRate: 0.01, l2: 0.001 }, { learningRate: 0.02, l2: 0 }] });
    const dir = fixture.summary({ name: 'files', status: 'finished', stoppedBy: 'candidates', progress: { candidates: 30, evaluations: 30 }, elapsedSeconds: 30, best: null }).write();
    writeFileSync(join(dir, 'report.md'), 'the loss search report');

    const { report, files } = await writeRunReport(dir);

    const ids = files.plots.map((file) => file.slice(file.lastIndexOf('/') + 1));
    expect(ids).toEqual(['reward.svg', 'best-so-far.svg', 'acceptance.svg', 'throughput.svg', 'training-validation.svg', 'training-loss.svg', 'hyperparameters.svg', 'gradients.svg']);
    for (const file of files.plots) expect(readFileSync(file, 'utf8')).toMatch(MARKS);
    const html = readFileSync(join(dir, REPORT_FILES.html), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(files.plots.length);
    expect(html).not.toMatch(/<script|<link|src="http/);
    const markdown = readFileSync(join(dir, REPORT_FILES.markdown), 'utf8');
    for (const id of ids) expect(markdown).toContain(`(plots/${id})`);
    expect(markdown).toContain('| 0: search | 30 | 20 |');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe('the loss search report');
    expect(report.losses.map((loss) => loss.baseline)).toEqual([null, 'MSE']); // best passing: sin(14) (even: the found loss) above sin(1) (odd: MSE)
    expect(report.hyperparameters).toEqual([
      { epoch: 0, group: 'group 0', learningRate: 0.01, l2: 0.001 },
      { epoch: 0, group: 'group 1', learningRate: 0.02, l2: 0 },
    ]);
  }, 20_000);

  it('writes a report with no plots for a run that has not logged anything yet', async () => {
    const dir = new RunFixture({ name: 'empty', seed: 1 }).write();
    const { files } = await writeRunReport(dir);
    expect(files.plots).toEqual([]);
    expect(existsSync(files.html)).toBe(true);
  });
});

describe('plot helpers', () => {
  it('rollingAcceptance is the share of passes over the last window', () => {
    expect(rollingAcceptance([true, false, true, true, false], 2)).toEqual([1, 0.5, 0.5, 1, 0.5]);
    expect(rollingAcceptance([false, true, true], 10)).toEqual([0, 0.5, 2 / 3]);
  });

  it('thin keeps the ends and at most max rows, evenly', () => {
    const rows = Array.from({ length: 1001 }, (_, i) => i);
    expect(thin(rows, 11)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(thin([1, 2], 11)).toEqual([1, 2]);
  });

  it('scaleFor goes symlog only when the largest value dwarfs the typical one', () => {
    expect(scaleFor([-1, -0.5, 0.04, 0, 1e-6])).toEqual({ zero: false });
    expect(scaleFor([-62341, -120, -3, -1, -0.1, -1e-9])).toMatchObject({ type: 'symlog' });
  });
});
