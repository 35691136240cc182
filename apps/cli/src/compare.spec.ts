import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '@recsearch/core';
import { trainingPresets } from '@recsearch/training';
import { exited, readJson, recsearch, startRecsearch, tempDir, waitFor, withoutTime, writeJson } from './cli-harness';
import { loadCompareConfig } from './compare/compare-config';
import type { CompareIndex } from './compare/compare-index';
import { main } from './main';

jest.setTimeout(60_000);

const DATASET = { type: 'synthetic', users: 150, items: 200, ratings: 5000 };

/** A tiny three-phase loss search; the validation check lets every loss through so Phase III has a found loss. */
function searchBase(dir: string): string {
  return writeJson(join(dir, 'search-base.json'), {
    name: 'tiny-search',
    seed: 11,
    dataset: DATASET,
    data: { task: 'classification' },
    model: { type: 'mf', dim: 8 },
    training: { optimizer: 'adam', learningRate: 0.01, maxEpochs: 3, stopping: { patience: 2 } },
    search: { type: 'reinforce' },
    evaluators: [{ type: 'proxy-test' }, { type: 'reward-filter', learningRate: 0.01 }],
    runner: { batchSize: 4, checkpointEverySteps: 1 },
    phases: [
      { name: 'search' },
      { name: 'validation-check', evaluators: [{ type: 'validation-check', rate: 0 }] },
      { name: 'effectiveness-test', evaluators: [{ type: 'effectiveness-test', epsGrid: [0.1], training: { maxEpochs: 2 } }], budget: { candidates: 1 } },
    ],
    output: { runsDir: join(dir, 'runs') },
  });
}

function searchCompare(dir: string): string {
  searchBase(dir);
  return writeJson(join(dir, 'compare-search.json'), {
    name: 'strategies',
    base: './search-base.json',
    seeds: [1, 2],
    budget: { candidates: 100000, trainedEpochs: 6 },
    reference: 'reinforce',
    arms: [
      { name: 'random', overrides: { search: { type: 'random', expressions: { maxDepth: 3 } } } },
      { name: 'reinforce', overrides: {} },
    ],
  });
}

/** A tiny two-epoch MF training. */
const trainBase = (dir: string) => ({
  name: 'tiny-train',
  seed: 1,
  dataset: DATASET,
  data: { task: 'ranking', split: { kind: 'random', ratios: { train: 0.7, validation: 0.1, test: 0.2 } }, negatives: 2 },
  model: { type: 'mf', dim: 8 },
  training: { loss: 'bce', optimizer: 'adam', learningRate: 0.01, l2: 1e-5, batchSize: 256, maxEpochs: 2, hyperparameters: { method: 'fixed' } },
  output: { runsDir: join(dir, 'runs') },
});

const SGD_ARM = { training: { optimizer: 'sgd', learningRate: 0.05 } };

function trainingCompare(dir: string): string {
  writeJson(join(dir, 'train-base.json'), trainBase(dir));
  return writeJson(join(dir, 'compare-train.json'), {
    name: 'optimisers',
    base: './train-base.json',
    seeds: [1, 2],
    reference: 'adam',
    arms: [
      { name: 'adam', overrides: {} },
      { name: 'sgd', overrides: SGD_ARM },
    ],
  });
}

const compareDirOf = (stdout: string) => (JSON.parse(stdout) as { dir: string }).dir;

/** compare.json without what differs between two equal compares: times, folder names, paths. */
function numbers(index: CompareIndex): unknown {
  const strip = (value: unknown) => JSON.parse(JSON.stringify(withoutTime(value), (key, inner) => (['runId', 'dir', 'createdAt', 'report'].includes(key) ? undefined : inner)));
  return strip({ children: index.children, results: index.results });
}

describe('recsearch compare', () => {
  const dir = tempDir('recsearch-compare-');
  const searchConfig = searchCompare(dir);
  let reference: CompareIndex;
  let referenceDir: string;

  beforeAll(() => {
    const result = recsearch(['compare', searchConfig, '--json']);
    expect(result.stderr).toContain('[4/4] arm reinforce, seed 2');
    expect(result.status).toBe(0);
    referenceDir = compareDirOf(result.stdout);
    reference = readJson<CompareIndex>(join(referenceDir, 'compare.json'));
  });

  it('runs every arm × seed, seed by seed, as a child run in the compare folder and reports both arms with the Wilcoxon row', () => {
    expect(reference.status).toBe('finished');
    expect(reference.children.map((child) => [child.arm, child.seed, child.status])).toEqual([
      ['random', 1, 'finished'], ['reinforce', 1, 'finished'], ['random', 2, 'finished'], ['reinforce', 2, 'finished'],
    ]);
    for (const child of reference.children) expect(existsSync(join(referenceDir, child.runId as string, 'events.jsonl'))).toBe(true);
    const markdown = readFileSync(join(referenceDir, 'compare-report.md'), 'utf8');
    expect(markdown).toMatch(/\| random \| 2 \|/);
    expect(markdown).toMatch(/\| reinforce \| 2 \|/);
    expect(markdown).toMatch(/\| reinforce \| random \| auc \| 2 \|/);
    expect(markdown).toContain('smallest possible two-sided exact Wilcoxon p is 0.5');
    expect(existsSync(join(referenceDir, 'plots', 'best-validation-over-epochs.svg'))).toBe(true);
    expect(readFileSync(join(referenceDir, 'compare-report.html'), 'utf8')).toContain('Best validation auc over trained epochs');
  });

  it('spends the same trained-epoch budget in every child, and its finals are the children\'s own', () => {
    const results = reference.results as NonNullable<CompareIndex['results']>;
    for (const child of reference.children) {
      const summary = readJson<RunSummary>(join(referenceDir, child.runId as string, 'summary.json'));
      // No baselines in Phase III: the child's best is its best found loss, whose test metrics are the final.
      const own = summary.best ? Object.fromEntries(Object.entries(summary.best.verdict.metrics).filter(([name]) => name.startsWith('test.')).map(([name, value]) => [name.slice(5), value])) : null;
      expect(child.test).toEqual(own);
      const result = results.children.find((other) => other.arm === child.arm && other.seed === child.seed);
      if (!result) throw new Error(`no result for ${child.arm} seed ${child.seed}`);
      expect(result.trainedEpochs).toBeGreaterThanOrEqual(6);
      expect(result.curve.every((point, i, all) => i === 0 || (point.trainedEpochs >= all[i - 1].trainedEpochs && point.best >= all[i - 1].best))).toBe(true);
    }
    const auc = (arm: string) => reference.children.filter((child) => child.arm === arm).map((child) => child.test?.['auc']);
    const [test] = results.tests;
    expect(test).toMatchObject({ a: 'reinforce', b: 'random', metric: 'auc', pairs: 2 });
    const differences = auc('reinforce').map((value, i) => (value as number) - (auc('random')[i] as number));
    // 2 pairs have ranks 1 and 2, so W+ is 0, 1, 2 or 3, each with probability 1/4: the exact two-sided
    // p is 2 · 1/4 = 0.5 when both differences share a sign (W+ = 0 or 3), and 1 when they differ.
    if (differences.every((difference) => difference === 0)) expect(test.note).toBe('all pairs equal');
    else expect(test.pValue).toBeCloseTo(Math.sign(differences[0]) === Math.sign(differences[1]) ? 0.5 : 1, 12);
  });

  it('after kill -9 mid-compare, --resume ends with the same numbers as an uninterrupted compare', async () => {
    const child = startRecsearch(['compare', searchConfig]);
    const done = exited(child);
    let compareDir = '';
    await waitFor(() => {
      const folders = existsSync(join(dir, 'runs')) ? readdirSync(join(dir, 'runs')).filter((name) => name.endsWith('-strategies') && join(dir, 'runs', name) !== referenceDir) : [];
      if (folders.length === 0) return false;
      compareDir = join(dir, 'runs', folders[0]);
      const index = existsSync(join(compareDir, 'compare.json')) ? readJson<CompareIndex>(join(compareDir, 'compare.json')) : undefined;
      const second = index?.children[1];
      return Boolean(second?.runId && existsSync(join(compareDir, second.runId, 'checkpoint.json')));
    });
    child.kill('SIGKILL');
    await done;
    expect(readJson<CompareIndex>(join(compareDir, 'compare.json')).status).toBe('running');
    const resumed = recsearch(['compare', '--resume', compareDir, '--json']);
    expect(resumed.stderr).toContain('resuming');
    expect(resumed.status).toBe(0);
    expect(numbers(readJson<CompareIndex>(join(compareDir, 'compare.json')))).toEqual(numbers(reference));
  });

  it('compares training arms on NDCG@10, Recall@10, HR@50 and NDCG@50 with wall time and passes', () => {
    const result = recsearch(['compare', trainingCompare(dir), '--json']);
    expect(result.status).toBe(0);
    const compareDir = compareDirOf(result.stdout);
    const index = readJson<CompareIndex>(join(compareDir, 'compare.json'));
    // The sgd arm at seed 2 trained on its own by `recsearch train` has the same test metrics as its child.
    const base = trainBase(dir);
    const alone = writeJson(join(dir, 'sgd-seed2.json'), { ...base, seed: 2, training: { ...base.training, ...SGD_ARM.training }, output: { runsDir: join(dir, 'alone') } });
    const trained = recsearch(['train', alone, '--json']);
    expect(trained.status).toBe(0);
    const sgdSeed2 = index.children.find((child) => child.arm === 'sgd' && child.seed === 2);
    expect(sgdSeed2?.test).toEqual((JSON.parse(trained.stdout) as { outcome: { test: Record<string, number> } }).outcome.test);
    const markdown = readFileSync(join(compareDir, 'compare-report.md'), 'utf8');
    expect(markdown).toContain('| arm | runs | test ndcg@10 | test recall@10 | test hr@50 | test ndcg@50 | wall time (mean) | training passes (mean) |');
    expect(markdown).toMatch(/\| adam \| 2 \| [\d.]+ ± [\d.]+ \|/);
    expect(markdown).toMatch(/\| sgd \| 2 \|/);
    expect(markdown).toMatch(/\| adam \| sgd \| ndcg@10 \| 2 \|/);
    expect(index.results?.finals.find((final) => final.arm === 'sgd')?.passes).toBe(2);
  });

  it('refuses a bad compare config with exit 2, the JSON path and file:line of each problem, and no folder', async () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    const file = join(bad, 'compare.json');
    writeFileSync(file, JSON.stringify({ name: 'bad', seeds: [], arms: [{ name: 'a', overrides: {}, colour: 'red' }, { name: 'b' }] }, null, 2));
    const result = await inProcess(['compare', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`${file}:\\d+:\\d+ /seeds: must NOT have fewer than 1 items`));
    expect(result.stderr).toMatch(new RegExp(`${file}:\\d+:\\d+ /arms/0/colour: is not a known option here`));
    expect(result.stderr).toMatch(new RegExp(`${file}:\\d+:\\d+ /base: is required but missing`));
    // An arm whose overrides do not fit the base's schema is located in the compare file.
    searchBase(bad);
    writeJson(file, { name: 'bad', base: './search-base.json', seeds: [1], arms: [{ name: 'a', overrides: {} }, { name: 'b', overrides: { search: { type: 'random', depth: 3 } } }] });
    const arm = await inProcess(['compare', file]);
    expect(arm.status).toBe(2);
    expect(arm.stderr).toMatch(new RegExp(`${file}:\\d+:\\d+ /arms/1/overrides/search/depth: is not a known option here`));
    expect(readdirSync(bad).sort()).toEqual(['compare.json', 'search-base.json']);
    // `recsearch validate` knows a compare config too: the same problems, and a good one is valid.
    const validated = await inProcess(['validate', file]);
    expect(validated.status).toBe(2);
    expect(validated.stderr).toMatch(new RegExp(`${file}:\\d+:\\d+ /arms/1/overrides/search/depth: is not a known option here`));
    writeJson(file, { name: 'good', base: './search-base.json', seeds: [1, 2], arms: [{ name: 'a', overrides: {} }, { name: 'b', overrides: { search: { type: 'random', expressions: {} } } }] });
    const good = await inProcess(['validate', file]);
    expect(good.status).toBe(0);
    expect(good.stdout).toContain(`${file}: valid (a compare config: 2 arms × 2 seeds)`);
    expect((await inProcess(['validate', file, '--set', 'seed=3'])).status).toBe(2);
    expect(readdirSync(bad).sort()).toEqual(['compare.json', 'search-base.json']);
  });
});

describe('loadCompareConfig', () => {
  it('gives an arm with training.variant reference-code the preset\'s defaults, as `recsearch train` does', async () => {
    const dir = tempDir('recsearch-compare-preset-');
    writeJson(join(dir, 'base.json'), {
      name: 'tiny-train',
      dataset: DATASET,
      data: { task: 'classification' },
      model: { type: 'mf', dim: 8 },
      training: { loss: 'bce', maxEpochs: 2 },
    });
    const file = writeJson(join(dir, 'compare.json'), {
      name: 'variants',
      base: './base.json',
      seeds: [1],
      arms: [
        { name: 'paper', overrides: {} },
        { name: 'reference', overrides: { training: { variant: 'reference-code' } } },
      ],
    });
    const [paper, reference] = (await loadCompareConfig(file)).arms;
    const preset = trainingPresets['reference-code'];
    expect(reference.config.training).toMatchObject({ ...preset.training, learningRate: 0.01, batchSize: 128, clip: 50 });
    expect(reference.config.model).toMatchObject({ ...preset.model, ...preset.modelOf['mf'] });
    expect(paper.config.training).toMatchObject({ learningRate: 0.001 });
    expect(paper.config.training).not.toHaveProperty('clip');
  });
});

/** Runs the CLI in this process (it exits before any run starts), collecting what it writes to stderr. */
async function inProcess(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const written = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    jest.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      written[stream] += String(chunk);
      return true;
    });
  const spies = [capture('stdout'), capture('stderr')];
  try {
    const status = await main(['node', 'recsearch', ...args]);
    return { status, ...written };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
