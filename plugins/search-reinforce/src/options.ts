import { AUTOLOSSGEN_OPERATORS, type ClampMode } from '@recsearch/expr';

export type ControllerVariant = 'paper' | 'reference-code';
/** Where the policy gradient is computed: plain JS (fast) or tfjs autodiff (its twin). */
export type GradientEngine = 'native' | 'tfjs';

/** The plugin's config section as it arrives (schema defaults filled in; variant-dependent ones may be absent). */
export interface ReinforceOptions {
  variant?: ControllerVariant;
  engine?: GradientEngine;
  clamp?: ClampMode;
  operators?: string[];
  initialVariables?: string[];
  maxVariables?: number;
  hiddenSize?: number;
  layers?: number;
  initRange?: number;
  tanhConstant?: number;
  entropyWeight?: number;
  learningRate?: number;
  adam?: { beta1?: number; beta2?: number; epsilon?: number };
  updateEvery?: number;
  baselineDecay?: number;
  l2?: number;
  gradientClipNorm?: number | null;
  filterMargin?: number;
  rejectedReward?: number;
}

/** Every setting decided: the variant's defaults under whatever the config gave. */
export interface ControllerSettings {
  variant: ControllerVariant;
  engine: GradientEngine;
  clamp: ClampMode;
  operators: string[];
  initialVariables: string[];
  maxVariables: number;
  hiddenSize: number;
  layers: number;
  initRange: number;
  tanhConstant: number;
  entropyWeight: number;
  learningRate: number;
  adam: { beta1: number; beta2: number; epsilon: number };
  updateEvery: number;
  baselineDecay: number;
  l2: number;
  gradientClipNorm: number | null;
  /** reference-code rule: a reward below baseline − filterMargin is replaced by rejectedReward. */
  filterMargin: number;
  rejectedReward: number;
}

// The paper (§5.1.4) and the authors' code (autolossgen-reference.md) disagree on these.
const variantDefaults: Record<ControllerVariant, Omit<ControllerSettings, 'operators' | 'initialVariables' | 'maxVariables' | 'variant' | 'engine'>> = {
  paper: {
    clamp: 'paper',
    hiddenSize: 32,
    layers: 2,
    initRange: 0.1,
    tanhConstant: 1.5,
    entropyWeight: 1e-4,
    learningRate: 1e-3,
    adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    updateEvery: 10,
    baselineDecay: 0.95,
    l2: 1e-4,
    gradientClipNorm: null,
    filterMargin: 1e-5,
    rejectedReward: -1,
  },
  'reference-code': {
    clamp: 'reference-code',
    hiddenSize: 64,
    layers: 1,
    initRange: 0.1,
    tanhConstant: 1.5,
    entropyWeight: 1e-4,
    learningRate: 1e-3,
    adam: { beta1: 0, beta2: 0.999, epsilon: 1e-3 },
    updateEvery: 10,
    baselineDecay: 0.99,
    l2: 0,
    gradientClipNorm: 5,
    filterMargin: 1e-5,
    rejectedReward: -1,
  },
};

export function resolveSettings(options: ReinforceOptions): ControllerSettings {
  const variant = options.variant ?? 'paper';
  const base = variantDefaults[variant];
  const pick = <K extends keyof typeof base>(key: K): (typeof base)[K] => (options[key] ?? base[key]) as (typeof base)[K];
  return {
    variant,
    engine: options.engine ?? 'native',
    clamp: pick('clamp'),
    operators: options.operators ?? [...AUTOLOSSGEN_OPERATORS],
    initialVariables: options.initialVariables ?? ['yhat', 'y', '1'],
    maxVariables: options.maxVariables ?? 10,
    hiddenSize: pick('hiddenSize'),
    layers: variant === 'reference-code' ? 1 : pick('layers'),
    initRange: pick('initRange'),
    tanhConstant: pick('tanhConstant'),
    entropyWeight: pick('entropyWeight'),
    learningRate: pick('learningRate'),
    adam: { ...base.adam, ...options.adam },
    updateEvery: pick('updateEvery'),
    baselineDecay: pick('baselineDecay'),
    l2: pick('l2'),
    gradientClipNorm: options.gradientClipNorm === undefined ? base.gradientClipNorm : options.gradientClipNorm,
    filterMargin: pick('filterMargin'),
    rejectedReward: pick('rejectedReward'),
  };
}

const positive = { type: 'number', exclusiveMinimum: 0 } as const;
const positiveInteger = { type: 'integer', minimum: 1 } as const;

/** JSON schema of the options; variant-dependent settings have no schema default (the variant decides). */
export const reinforceSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    variant: {
      enum: ['paper', 'reference-code'],
      default: 'paper',
      description: 'paper: 2-layer LSTM(32), operand softmax over S; reference-code: the authors\' code (1-layer LSTM(64), attention over earlier nodes, its baseline/filter rule and clamp).',
    },
    engine: {
      enum: ['native', 'tfjs'],
      default: 'native',
      description: 'Where the policy gradient is computed: native JS (fast) or tfjs autodiff on the active backend (its twin, slower).',
    },
    clamp: { enum: ['paper', 'reference-code'], description: 'Clamp semantics of AutoLossGen\'s operators (default: the variant\'s).' },
    operators: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string' },
      description: 'Operator names the controller chooses from (default: AutoLossGen\'s nine).',
    },
    initialVariables: {
      type: 'array',
      minItems: 1,
      items: { type: 'string' },
      description: 'Expressions of the initial variable set S (default ["yhat", "y", "1"]).',
    },
    maxVariables: { type: 'integer', minimum: 2, description: 'm: size of S at the end, initial variables included (10 → 7 rounds with 3 initial variables).' },
    hiddenSize: { ...positiveInteger, description: 'LSTM units per layer (paper 32, reference-code 64).' },
    layers: { ...positiveInteger, description: 'LSTM layers (paper 2; reference-code always 1).' },
    initRange: { ...positive, description: 'Weights start uniform in ±initRange.' },
    tanhConstant: { ...positive, description: 'Logits are clipped as c·tanh(logits).' },
    entropyWeight: { type: 'number', minimum: 0, description: 'Weight of the sampling entropy added to the reward.' },
    learningRate: { ...positive, description: 'Adam learning rate.' },
    adam: {
      type: 'object',
      additionalProperties: false,
      properties: { beta1: { type: 'number', minimum: 0, exclusiveMaximum: 1 }, beta2: { type: 'number', minimum: 0, exclusiveMaximum: 1 }, epsilon: positive },
    },
    updateEvery: { ...positiveInteger, description: 'Sampled losses averaged per controller update.' },
    baselineDecay: { type: 'number', minimum: 0, exclusiveMaximum: 1, description: 'Moving-average baseline: b ← decay·b + (1 − decay)·reward.' },
    l2: { type: 'number', minimum: 0, description: 'ℓ2 coefficient on the controller weights (½·l2·Σw²).' },
    gradientClipNorm: { type: ['number', 'null'], exclusiveMinimum: 0, description: 'Global gradient-norm clip (null: none).' },
    filterMargin: { type: 'number', minimum: 0, description: 'reference-code: η of its reward filter (reward < baseline − η is rejected).' },
    rejectedReward: { type: 'number', description: 'reference-code: the reward a filtered-out sample gets.' },
  },
} as const;
