import Ajv from 'ajv';
import { Rng, RngStreams } from '@recsearch/core';
import { NativeMf } from '@recsearch/compute';
import { syntheticDataset } from '@recsearch/data';
import { bce } from './de-opt.fixtures';
import { prepareData } from './prepare-data';
import { trainModel } from './train-model';
import { trainingOptionsSchema, type TrainingOptions } from './training-options';
import { applyTrainingPreset } from './training-presets';
import { freshModel } from './training-setup';

/** The training section as the config loader resolves it: the preset first, then the schema's defaults. */
function resolve(config: Record<string, unknown>) {
  const document = applyTrainingPreset(config);
  const validate = new Ajv({ useDefaults: true, strict: false }).compile(trainingOptionsSchema);
  const training = structuredClone(document['training']) as TrainingOptions;
  if (!validate(training)) throw new Error(JSON.stringify(validate.errors));
  return { training, model: document['model'] as Record<string, unknown> | undefined };
}

describe('the reference-code preset', () => {
  it("sets the authors' training and model settings", () => {
    const { training, model } = resolve({ training: { variant: 'reference-code' } });
    expect(training).toMatchObject({
      variant: 'reference-code',
      optimizer: 'sgd',
      learningRate: 0.01,
      batchSize: 128,
      l2: 1e-4,
      explicitL2: 1e-4,
      embeddingDecay: 'all',
      clip: 50,
      stopping: 'autolossgen',
    });
    expect(model).toEqual({ type: 'mf', embeddingStd: 1, globalBias: 0.1 });
  });

  it('leaves every value the user set, and MF-only options off other models', () => {
    const { training, model } = resolve({ training: { variant: 'reference-code', learningRate: 0.05, clip: 5, stopping: { patience: 3 } }, model: { type: 'mlp', embeddingStd: 0.5 } });
    expect(training).toMatchObject({ optimizer: 'sgd', learningRate: 0.05, clip: 5, stopping: { patience: 3 }, explicitL2: 1e-4 });
    expect(model).toEqual({ type: 'mlp', embeddingStd: 0.5 });
  });

  it('paper (the default) changes nothing: the schema defaults apply', () => {
    const config = { training: { loss: 'bce' }, model: { type: 'mf' } };
    expect(applyTrainingPreset(config)).toBe(config);
    expect(applyTrainingPreset({ training: { variant: 'paper' } })).toEqual({ training: { variant: 'paper' } });
    const { training } = resolve(config);
    expect(training).toMatchObject({ variant: 'paper', optimizer: 'adam', learningRate: 0.001, l2: 0, explicitL2: 0, embeddingDecay: 'touched' });
    expect(training.clip).toBeUndefined();
  });

  it('trains: the model gets N(0, 1) embeddings, b_g 0.1, SGD clipped at ±50 with decay on every row', async () => {
    const { training, model: section } = resolve({ training: { variant: 'reference-code', maxEpochs: 2 } });
    const data = prepareData(syntheticDataset({ users: 100, items: 150, ratings: 4000, seed: 2 }), { task: 'classification', binariseAt: 4, negatives: 4 }, Rng.fromSeed(1));
    const options = section as { embeddingStd: number; globalBias: number };
    const model = freshModel({
      data,
      training,
      streams: new RngStreams(1),
      models: { model: 'mf', create: (shape) => new NativeMf({ ...shape, dim: 32, embeddingStd: options.embeddingStd, globalBias: options.globalBias, optimizer: shape.optimizer }) },
    }) as NativeMf;
    expect(model.optimizerOptions).toMatchObject({ kind: 'sgd', clipValue: 50, embeddingDecay: 'all' });
    const embedding = model.snapshot().tensors['item.embedding'];
    const std = Math.sqrt(embedding.reduce((sum, value) => sum + value * value, 0) / embedding.length);
    expect(std).toBeGreaterThan(0.95);
    expect(std).toBeLessThan(1.05);
    expect(model.snapshot().tensors['global.bias'][0]).toBeCloseTo(0.1, 6);
    const outcome = await trainModel({ model, data, loss: bce, training, rng: Rng.fromSeed(3) });
    expect(outcome.epochs).toBe(2);
    expect(outcome.history.every((epoch) => Number.isFinite(epoch.loss))).toBe(true);
  });
});
