import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { recsearch, tempDir, writeJson } from './cli-harness';

const SHARED_DATA = resolve(__dirname, '../../../../shared/data');
const CONFIGS = resolve(__dirname, '../../../configs');
const withData = existsSync(SHARED_DATA) ? it : it.skip;

describe('recsearch train', () => {
  it('trains MF with BCE on the built-in synthetic dataset and prints validation and test metrics', () => {
    const dir = tempDir();
    const config = writeJson(join(dir, 'train.json'), { training: { maxEpochs: 3 }, output: { runsDir: join(dir, 'runs') } });
    const result = recsearch(['train', config, '--json']);
    expect(result.status).toBe(0);
    const { dataset, outcome, backend } = JSON.parse(result.stdout);
    expect(dataset).toMatchObject({ name: 'synthetic', users: 943, items: 1682 });
    expect(outcome.epochs).toBe(3);
    expect(outcome.test.auc).toBeGreaterThan(0.7);
    expect(['wasm', 'cpu', 'tensorflow', 'tensorflow-gpu']).toContain(backend);
    const human = recsearch(['train', config, '--set', 'training.loss=(yhat - y)^2', '--set', 'training.maxEpochs=2']);
    expect(human.stdout).toMatch(/loss \(yhat - y\)\^2/);
    expect(human.stdout).toMatch(/^ {2}auc\s+0\.\d{4}\s+0\.\d{4}$/m);
  }, 60_000);

  it('names a bad loss expression by line and column and exits 2', () => {
    const dir = tempDir();
    const config = writeJson(join(dir, 'train.json'), { training: { loss: 'max(yhat, ' }, output: { runsDir: join(dir, 'runs') } });
    const result = recsearch(['train', config]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/\/training\/loss: line 1, column 11: expected a number, a name or "\(" but found end of input/);
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  }, 30_000);

  it('refuses a DE-Opt box with an empty interval or a layer group the model lacks, exits 2 and leaves no run folder', () => {
    const dir = tempDir();
    const hyperparameters = (box: object) => ({ method: 'de-opt', population: 4, box });
    const cases = [
      { box: { learningRate: [0.5, 0.1] }, message: /\/training\/hyperparameters\/box\/learningRate: the box of learningRate for group "\w+" is empty/ },
      { box: { groups: { attention: { l2: [0, 1] } } }, message: /\/training\/hyperparameters\/box\/groups\/attention: the model has no layer group "attention"/ },
    ];
    for (const { box, message } of cases) {
      const config = writeJson(join(dir, 'train.json'), { training: { maxEpochs: 1, hyperparameters: hyperparameters(box) }, output: { runsDir: join(dir, 'runs') } });
      const result = recsearch(['train', config]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(existsSync(join(dir, 'runs')) ? readdirSync(join(dir, 'runs')) : []).toEqual([]);
    }
  }, 60_000);

  withData('MF + BCE on the AutoLossGen authors\' ML-100K split reaches test AUC ≥ 0.78 (paper 0.7882)', () => {
    const runs = tempDir();
    const result = recsearch(['train', join(CONFIGS, 'train-mf-bce-ml100k.json'), '--json', '--set', `output.runsDir=${runs}`]);
    expect(result.status).toBe(0);
    const { dataset, outcome } = JSON.parse(result.stdout);
    expect(dataset).toMatchObject({ train: 94638, validation: 2334, test: 3028 });
    expect(outcome.test.auc).toBeGreaterThanOrEqual(0.78);
  }, 120_000);
});

describe('recsearch datasets, loss inspect, operators', () => {
  it('lists the dataset formats and describes the synthetic one', () => {
    const list = JSON.parse(recsearch(['datasets', 'list', '--json']).stdout);
    expect(list.map((entry: { name: string }) => entry.name)).toEqual(expect.arrayContaining(['synthetic', 'ml-100k', 'ml-1m', 'filmtrust']));
    const info = recsearch(['datasets', 'info', 'synthetic']);
    expect(info.status).toBe(0);
    expect(info.stdout).toMatch(/943/);
    expect(info.stdout).toMatch(/1,?682/);
  }, 30_000);

  withData('describes a real dataset per split', () => {
    const info = recsearch(['datasets', 'info', 'ml-100k-autolossgen', join(SHARED_DATA, 'ml-100k-autolossgen-split'), '--json']);
    expect(info.status).toBe(0);
    expect(info.stdout).toMatch(/94638/);
  }, 30_000);

  it('inspects a loss: canonical form, validation check and zero-gradient test', () => {
    const result = recsearch(['loss', 'inspect', '(y - yhat)^2', '--json']);
    expect(result.status).toBe(0);
    const inspection = JSON.parse(result.stdout);
    expect(JSON.stringify(inspection)).toMatch(/latex/i);
    const constant = JSON.parse(recsearch(['loss', 'inspect', 'y * y', '--json']).stdout);
    expect(JSON.stringify(constant)).not.toEqual(JSON.stringify(inspection));
    const bad = recsearch(['loss', 'inspect', 'yhat +* y']);
    expect(bad.status).toBe(2);
  }, 30_000);

  it('lists the operators, with the composites a config defines', () => {
    const dir = tempDir();
    const config = writeJson(join(dir, 'ops.json'), { operators: [{ name: 'softplus2', params: ['x'], formula: 'log(1 + exp(x))' }] });
    const plain = JSON.parse(recsearch(['operators', '--json']).stdout);
    const names = plain.map((row: { name: string }) => row.name);
    expect(names).toEqual(expect.arrayContaining(['add', 'aq', 'tanh', 'Reciprocal']));
    const extended = recsearch(['operators', '--config', config]);
    expect(extended.status).toBe(0);
    expect(extended.stdout).toMatch(/softplus2/);
  }, 30_000);
});
