import type { OptimizerKind } from '@recsearch/compute';
import { hyperparameterOptionsSchema, type HyperparameterSettings } from './hyperparameter-options';

export type TrainingVariant = 'paper' | 'reference-code';

/** How one model is trained with one loss (the `training` section). */
export interface TrainingOptions {
  /** A named loss (mse, bce, hinge, focal, maxr, sumr, logmin) or an expression over yhat, y, eps. */
  loss: string;
  /** Value of the loss's `eps` parameter (smoothing, or BCE's clipping). */
  eps: number;
  optimizer: OptimizerKind;
  learningRate: number;
  l2: number;
  batchSize: number;
  maxEpochs: number;
  /** `autolossgen`: stop when validation fell 10 epochs running or the best is 50 epochs old; or plain patience. */
  stopping: 'autolossgen' | { patience: number };
  /** Clip each gradient element to ±clip (the reference code uses 50). */
  clip?: number;
  /**
   * `paper` (default): the settings as given. `reference-code`: the AutoLossGen authors' setup
   * as defaults (`trainingPresets`), filled in by `applyTrainingPreset` before validation.
   */
  variant?: TrainingVariant;
  /** An explicit λ‖θ‖² over all parameters added to the loss, on top of `l2` as weight decay (default 0). */
  explicitL2?: number;
  /** ℓ2 of embedding tables: on the batch's rows (`touched`, default, fast) or on every row every step (`all`). */
  embeddingDecay?: 'touched' | 'all';
  /** How per-group η and λ are chosen: fixed (default), DE-Opt, or grid search. */
  hyperparameters?: HyperparameterSettings;
}

export const trainingOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'How a model is trained with a loss: optimiser, rates, batch, epochs, early stopping.',
  properties: {
    loss: { type: 'string', minLength: 1, default: 'bce', description: 'Named loss (mse, bce, hinge, focal, maxr, sumr, logmin) or an expression.' },
    eps: { type: 'number', exclusiveMinimum: 0, default: 1e-6 },
    optimizer: { enum: ['sgd', 'adam', 'amsgrad'], default: 'adam' },
    learningRate: { type: 'number', exclusiveMinimum: 0, default: 0.001 },
    l2: { type: 'number', minimum: 0, default: 0 },
    batchSize: { type: 'integer', minimum: 1, default: 128 },
    maxEpochs: { type: 'integer', minimum: 1, default: 100 },
    stopping: {
      default: { patience: 5 },
      oneOf: [
        { const: 'autolossgen' },
        { type: 'object', additionalProperties: false, required: ['patience'], properties: { patience: { type: 'integer', minimum: 1 } } },
      ],
    },
    clip: { type: 'number', exclusiveMinimum: 0 },
    variant: {
      enum: ['paper', 'reference-code'],
      default: 'paper',
      description:
        "reference-code: the AutoLossGen authors' setup as defaults (each can still be set): SGD, learningRate 0.01, batchSize 128, l2 (weight decay) 1e-4 plus explicitL2 1e-4, embeddingDecay all, clip 50, autolossgen stopping, and the model's embeddingStd 1 (MF: globalBias 0.1).",
    },
    explicitL2: { type: 'number', minimum: 0, default: 0, description: 'λ of an explicit λ‖θ‖² over all parameters added to the loss, on top of l2 as weight decay.' },
    embeddingDecay: { enum: ['touched', 'all'], default: 'touched', description: "ℓ2 of embedding tables on the batch's rows (fast) or on every row every step (as dense frameworks do)." },
    hyperparameters: hyperparameterOptionsSchema,
  },
} as const;
