import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEventLog, RUN_FILES } from '@recsearch/tracking';
import type { RecsearchEvent } from '@recsearch/core';
import { exited, readJson, recsearch, startRecsearch, tempDir, waitFor, withoutTime, writeJson } from './cli-harness';

/** The log as a reader compares it: types and payloads, no times, no resume marker. */
const story = (events: RecsearchEvent[]) => events.filter((event) => event.type !== 'run.resumed').map(({ type, payload }) => withoutTime({ type, payload }));

const epochsLogged = (runDir: string) => {
  const file = join(runDir, RUN_FILES.events);
  return existsSync(file) ? (readFileSync(file, 'utf8').match(/"type":"training\.epoch"/g) ?? []).length : 0;
};

interface TrainOutput {
  runDir: string;
  outcome: { epochs: number; history: unknown[]; validation: Record<string, number>; test: Record<string, number>; hyperparameters: unknown };
}

/** Fixed MF training on a small built-in synthetic dataset: 25 epochs of ≈0.1–0.3 s. */
const fixedConfig = (runsDir: string) => ({
  name: 'mf-resume',
  seed: 7,
  dataset: { type: 'synthetic', users: 300, items: 400, ratings: 20000 },
  data: { task: 'classification' },
  model: { type: 'mf', dim: 16 },
  training: { loss: 'bce', optimizer: 'adam', learningRate: 0.01, maxEpochs: 25, stopping: { patience: 50 } },
  output: { runsDir },
});

/** DE-Opt (paper variant, rollback) on a small synthetic ranking task, as in de-opt.fixtures.ts: 10 generations of NP = 4. */
const deOptConfig = (runsDir: string) => ({
  name: 'deopt-resume',
  seed: 3,
  dataset: { type: 'synthetic', users: 150, items: 200, ratings: 5000 },
  data: { task: 'ranking', split: { kind: 'random', ratios: { train: 0.7, validation: 0.1, test: 0.2 } }, negatives: 4 },
  model: { type: 'mf', dim: 16 },
  training: {
    loss: 'bce',
    optimizer: 'sgd',
    learningRate: 0.1,
    l2: 1e-4,
    batchSize: 128,
    maxEpochs: 10,
    hyperparameters: { method: 'de-opt', population: 4, patience: 20, sflsde: { localSearch: 'none' } },
  },
  output: { runsDir },
});

/** Starts `recsearch train` and waits until its new run folder has logged `epochs` epochs. */
async function startTraining(config: string, runsDir: string, epochs: number) {
  const existing = new Set(existsSync(runsDir) ? readdirSync(runsDir) : []);
  const child = startRecsearch(['train', config, '--json']);
  const done = exited(child);
  let runDir = '';
  await waitFor(() => {
    const fresh = existsSync(runsDir) ? readdirSync(runsDir).filter((name) => !existing.has(name)) : [];
    if (fresh.length === 1) runDir = join(runsDir, fresh[0]);
    return runDir !== '' && epochsLogged(runDir) >= epochs;
  });
  return { child, done, runDir };
}

function uninterrupted(config: string): { output: TrainOutput; events: RecsearchEvent[] } {
  const result = recsearch(['train', config, '--json']);
  expect(result.status).toBe(0);
  const output = JSON.parse(result.stdout) as TrainOutput;
  return { output, events: readEventLog(join(output.runDir, RUN_FILES.events)) };
}

/** Resumes a run and checks it ends exactly as the uninterrupted one: outcome, summary, log. */
function expectResumedLike(runDir: string, reference: { output: TrainOutput; events: RecsearchEvent[] }, before: RecsearchEvent[]) {
  const resumed = recsearch(['resume', runDir, '--json']);
  expect(resumed.stderr).toContain(`resuming ${runDir} from checkpoint`);
  expect(resumed.status).toBe(0);
  const output = JSON.parse(resumed.stdout) as TrainOutput;
  // Bit-identical numbers: every metric, every epoch's loss and validation score, the hyperparameters.
  expect(withoutTime({ ...output, runDir: '' })).toEqual(withoutTime({ ...reference.output, runDir: '' }));
  const summary = readJson<{ status: string; training: TrainOutput }>(join(runDir, RUN_FILES.summary));
  expect(summary.status).toBe('finished');
  expect(withoutTime(summary.training.outcome)).toEqual(withoutTime(reference.output.outcome));
  const after = readEventLog(join(runDir, RUN_FILES.events));
  expect(after.map((event) => event.seq)).toEqual(after.map((_, i) => i + 1));
  expect(after.slice(0, before.length)).toEqual(before);
  expect(after.filter((event) => event.type === 'run.resumed')).toHaveLength(1);
  return after;
}

describe('recsearch train: checkpoints and resume', () => {
  const dir = tempDir('recsearch-train-resume-');
  const runsDir = join(dir, 'runs');
  const fixed = writeJson(join(dir, 'fixed.json'), fixedConfig(runsDir));
  const deOpt = writeJson(join(dir, 'deopt.json'), deOptConfig(runsDir));
  let fixedReference: ReturnType<typeof uninterrupted>;
  let deOptReference: ReturnType<typeof uninterrupted>;

  beforeAll(() => {
    fixedReference = uninterrupted(fixed);
    deOptReference = uninterrupted(deOpt);
  }, 90_000);

  it('checkpoints after every epoch of fixed training', () => {
    const runDir = fixedReference.output.runDir;
    const checkpoints = fixedReference.events.filter((event) => event.type === 'checkpoint.written');
    expect(checkpoints).toHaveLength(fixedReference.output.outcome.epochs);
    const checkpoint = readJson<{ seq: number; strategy: { method: string; fit: { epochs: number } }; rng: Record<string, number[]> }>(join(runDir, RUN_FILES.checkpoint));
    expect(checkpoint.strategy.method).toBe('fixed');
    expect(checkpoint.strategy.fit.epochs).toBe(25);
    expect(checkpoint.seq).toBe(checkpoints[checkpoints.length - 1].seq);
    expect(Object.keys(checkpoint.rng)).toEqual(expect.arrayContaining(['/training', '/model', '/data']));
  });

  it('fixed MF training: kill -9 in mid-training, resume → the same metrics, no event lost or duplicated', async () => {
    const run = await startTraining(fixed, runsDir, 5);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    expect(existsSync(join(run.runDir, RUN_FILES.summary))).toBe(false);
    expect(readJson<{ strategy: { fit: { epochs: number } } }>(join(run.runDir, RUN_FILES.checkpoint)).strategy.fit.epochs).toBeLessThan(25);
    const before = readEventLog(join(run.runDir, RUN_FILES.events));
    const after = expectResumedLike(run.runDir, fixedReference, before);
    expect(story(after)).toEqual(story(fixedReference.events));
  }, 60_000);

  it('Ctrl-C finishes the epoch, checkpoints, exits 130 with the resume command; resume completes the run', async () => {
    const run = await startTraining(fixed, runsDir, 3);
    run.child.kill('SIGINT');
    const { code, stderr } = await run.done;
    expect(code).toBe(130);
    expect(stderr).toContain(`resume with: recsearch resume ${run.runDir}`);
    expect(readJson<{ status: string; stoppedBy: string }>(join(run.runDir, RUN_FILES.summary))).toMatchObject({ status: 'interrupted', stoppedBy: 'interrupt' });
    const before = readEventLog(join(run.runDir, RUN_FILES.events));
    // The interrupted run stopped right after an epoch's checkpoint.
    expect(before[before.length - 1].type).toBe('checkpoint.written');
    const epochs = before.filter((event) => event.type === 'training.epoch').length;
    expect(readJson<{ strategy: { fit: { epochs: number } } }>(join(run.runDir, RUN_FILES.checkpoint)).strategy.fit.epochs).toBe(epochs);
    const after = expectResumedLike(run.runDir, fixedReference, before);
    expect(story(after)).toEqual(story(fixedReference.events));
  }, 60_000);

  it('a reference-code config trains with the preset (and the overrides) and prints the settings it used', () => {
    const config = writeJson(join(dir, 'reference.json'), { ...fixedConfig(runsDir), name: 'mf-reference', training: { variant: 'reference-code', learningRate: 0.05, maxEpochs: 2 } });
    const result = recsearch(['train', config]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'training (reference-code): sgd lr 0.05, batch 128; weight decay 0.0001 (every row); explicit ℓ2 0.0001; clip ±50; stopping autolossgen; model mf (embeddings N(0, 1), b_g 0.1)',
    );
    expect(result.stdout).toMatch(/2 epochs/);
  }, 60_000);

  it("prints DE-Opt's own patience as the stopping rule, not the training section's", () => {
    const base = deOptConfig(runsDir);
    const config = writeJson(join(dir, 'deopt-settings.json'), { ...base, name: 'deopt-settings', training: { ...base.training, maxEpochs: 1, stopping: { patience: 5 } } });
    const result = recsearch(['train', config]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('stopping patience 20 (DE-Opt)');
    expect(result.stdout).not.toContain('stopping patience 5');
  }, 60_000);

  it('DE-Opt on a small ranking task: kill -9 after a few generations, resume → the same population and metrics', async () => {
    const reference = deOptReference;
    const run = await startTraining(deOpt, runsDir, 3);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    expect(existsSync(join(run.runDir, RUN_FILES.summary))).toBe(false);
    const checkpoint = readJson<{ strategy: { method: string; epochs: number; population: unknown[] } }>(join(run.runDir, RUN_FILES.checkpoint));
    expect(checkpoint.strategy).toMatchObject({ method: 'de-opt' });
    expect(checkpoint.strategy.population).toHaveLength(4);
    expect(checkpoint.strategy.epochs).toBeLessThan(10);
    const before = readEventLog(join(run.runDir, RUN_FILES.events));
    const after = expectResumedLike(run.runDir, reference, before);
    expect(story(after)).toEqual(story(reference.events));
  }, 60_000);
});
