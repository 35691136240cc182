import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pairedWilcoxon } from '@recsearch/metrics';
import { compareRunFolders, meanAndSd } from './comparison';
import { RunFixture } from './run-fixture';
import { writeComparisonReport } from './write-report';

/** A run whose candidates all pass with the given rewards. */
function run(parent: string, name: string, seed: number, rewards: readonly number[]): string {
  const fixture = new RunFixture({ name, seed }, parent).event('run.started', { name, seed, strategy: 'de', evaluators: [] });
  let best = -Infinity;
  rewards.forEach((reward, i) => {
    fixture.candidate(`c${i}`, i, { pass: true, reward }, reward > best);
    best = Math.max(best, reward);
  });
  return fixture.write();
}

describe('compareRunFolders', () => {
  const parent = mkdtempSync(join(tmpdir(), 'recsearch-compare-'));

  it('groups runs by config name: mean ± sd of best-so-far per budget, finals per group', () => {
    const dirs = [run(parent, 'a', 1, [1, 3, 2]), run(parent, 'a', 2, [2, 2, 5]), run(parent, 'b', 1, [0, 1])];
    const comparison = compareRunFolders(dirs);
    const a = comparison.budget.filter((point) => point.group === 'a');
    // best so far: seed 1 → 1, 3, 3; seed 2 → 2, 2, 5
    expect(a.map((point) => [point.n, point.mean])).toEqual([[1, 1.5], [2, 2.5], [3, 4]]);
    expect(a[0].sd).toBeCloseTo(Math.SQRT1_2, 12);
    expect(a[2].lower).toBeCloseTo(4 - Math.SQRT2, 12);
    expect(comparison.budget.filter((point) => point.group === 'b').map((point) => [point.n, point.mean, point.sd, point.runs])).toEqual([[1, 0, 0, 1], [2, 1, 0, 1]]);
    expect(comparison.finals).toEqual([
      { group: 'a', runs: 2, mean: 4, sd: Math.SQRT2, min: 3, max: 5 },
      { group: 'b', runs: 1, mean: 1, sd: 0, min: 1, max: 1 },
    ]);
    // one shared seed: not enough to pair finals, so the mean curves are paired index by index (n = 1, 2)
    expect(comparison.tests).toEqual([
      { a: 'a', b: 'b', basis: 'per-candidate-index best-so-far', pairs: 2, statistic: expect.any(Number), pValue: pairedWilcoxon([1.5, 2.5], [0, 1]).pValue, note: expect.stringMatching(/autocorrelated/) },
    ]);
  });

  it('pairs finals by seed when two configs share at least two seeds', () => {
    const finalsA = [5, 6, 7, 8, 9, 10];
    const finalsB = [4, 4, 4, 4, 4, 4];
    const dirs = [...finalsA.map((final, seed) => run(parent, 'x', seed, [0, final])), ...finalsB.map((final, seed) => run(parent, 'y', seed, [final]))];
    const [test] = compareRunFolders(dirs).tests;
    const expected = pairedWilcoxon(finalsA, finalsB);
    expect(test).toMatchObject({ a: 'x', b: 'y', basis: 'per-seed finals', pairs: 6, statistic: expected.statistic, pValue: expected.pValue, note: null });
    expect(test.pValue).toBeCloseTo(0.03125, 10); // differences 1…6, all positive, no ties: exact p = 2 / 2^6
  });

  it('gives no p-value when every pair is equal', () => {
    const dirs = [run(parent, 'p', 1, [1, 2]), run(parent, 'q', 1, [1, 2])];
    expect(compareRunFolders(dirs).tests[0]).toMatchObject({ pValue: null, note: 'all pairs equal', pairs: 2 });
  });

  it('writes compare-report.html with the budget plot and the tables', async () => {
    const dirs = [run(parent, 'h', 1, [1, 3, 2]), run(parent, 'h', 2, [2, 2, 5]), run(parent, 'k', 1, [0, 1, 1])];
    const out = join(parent, 'out');
    const { files } = await writeComparisonReport(dirs, out);
    expect(files.plots).toEqual([join(out, 'plots', 'budget.svg')]);
    const svg = readFileSync(files.plots[0], 'utf8');
    expect(svg).toMatch(/class="mark-area/);
    expect(svg).toMatch(/class="mark-line/);
    const markdown = readFileSync(files.markdown, 'utf8');
    expect(markdown).toContain('| h | 2 | 4 | 1.4142 | 3 | 5 |');
    expect(readFileSync(files.html, 'utf8')).toContain('per-candidate-index best-so-far');
  }, 20_000);
});

describe('meanAndSd', () => {
  it('uses the sample standard deviation', () => {
    expect(meanAndSd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, sd: Math.sqrt(32 / 7) });
    expect(meanAndSd([3])).toEqual({ mean: 3, sd: 0 });
  });
});
