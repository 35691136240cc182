import type { TrainingOptions, TrainingVariant } from './training-options';

/** What a preset fills in: training options, and model options (only those its model type has). */
export interface TrainingPreset {
  training: Partial<TrainingOptions>;
  model: Record<string, unknown>;
  /** Model options that only some model types have (MF's global bias). */
  modelOf: Record<string, Record<string, unknown>>;
}

/**
 * The defaults each `training.variant` stands for. `reference-code` is the AutoLossGen authors'
 * setup (docs/autolossgen-reference.md): N(0, 1) embeddings (MF's b_g = 0.1), plain SGD with
 * lr 0.01 and torch's weight decay 1e-4 on every row, an explicit 1e-4·‖θ‖² in the loss as well,
 * batch 128, element-wise gradient clipping at ±50, and their early stopping.
 */
export const trainingPresets: Readonly<Record<TrainingVariant, TrainingPreset>> = {
  paper: { training: {}, model: {}, modelOf: {} },
  'reference-code': {
    training: { optimizer: 'sgd', learningRate: 0.01, batchSize: 128, l2: 1e-4, explicitL2: 1e-4, embeddingDecay: 'all', clip: 50, stopping: 'autolossgen' },
    model: { embeddingStd: 1 },
    modelOf: { mf: { globalBias: 0.1 } },
  },
};

type ConfigDocument = Record<string, unknown>;

const isObject = (value: unknown): value is ConfigDocument => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Fills a config document's `training` (and `model`) sections with the defaults of its
 * `training.variant` wherever the user set nothing, before the schema fills in the rest: a
 * preset's values are defaults, every one of them can still be set. Returns a new document.
 */
export function applyTrainingPreset<T extends ConfigDocument>(config: T): T {
  const training = config['training'];
  if (!isObject(training)) return config;
  const variant = training['variant'];
  if (typeof variant !== 'string' || !(variant in trainingPresets)) return config;
  const preset = trainingPresets[variant as TrainingVariant];
  const model = isObject(config['model']) ? config['model'] : { type: 'mf' };
  const modelType = typeof model['type'] === 'string' ? model['type'] : 'mf';
  const modelDefaults = { ...preset.model, ...(preset.modelOf[modelType] ?? {}) };
  const presetModel = Object.keys(modelDefaults).length > 0;
  return {
    ...config,
    training: { ...preset.training, ...training },
    ...(presetModel ? { model: { ...modelDefaults, ...model } } : {}),
  };
}
