import { ConfigError } from '@recsearch/core';
import { defaultSflsde, type BoundsHandling, type Mutation, type SflsdeSettings } from '@recsearch/evolution';

/** A closed interval [min, max] of one hyperparameter. */
export type Interval = [number, number];

/** Explicit bounds of η and λ: for every group, and per named layer group on top. */
export interface ExplicitBox {
  learningRate?: Interval;
  l2?: Interval;
  groups?: Record<string, { learningRate?: Interval; l2?: Interval }>;
}

/**
 * How each layer group's η and λ are chosen (the `training.hyperparameters` section).
 * `fixed`: the training section's learningRate and l2 for every group (plain training).
 * `de-opt`: DE-Opt (algorithms.md §3) evolves per-group (η, λ) while the model trains.
 * `grid`: a full training run per (η, λ) of a grid over the same box; the best by validation wins.
 */
export interface HyperparameterOptions {
  method: 'fixed' | 'de-opt' | 'grid';
  /** DE-Opt's NP (≥ 4). */
  population: number;
  /** The box is [0, amplification × reference] per dimension unless `box` says otherwise. */
  amplification: number;
  /** Reference η and λ (default: the training section's learningRate and l2). */
  reference?: { learningRate?: number; l2?: number };
  box?: ExplicitBox;
  /** Paper variant: current-to-rand/1 is the paper's; rand/1/bin explores beyond the population's span. */
  mutation: Mutation;
  bounds: BoundsHandling;
  /** `paper`: rollback (train a copy, keep it on acceptance) and SFLSDE; `reference-code`: shared weights, no rollback, the authors' per-group trial and F mixture. */
  variant: 'paper' | 'reference-code';
  initialF: number;
  initialCR: number;
  sflsde: SflsdeSettings;
  /** Validation metric for selection and early stopping (default: ndcg@10 for ranking, auc for classification). */
  metric?: string;
  /** DE-Opt: early stopping after this many epochs without a new best. */
  patience: number;
  /** Grid: points per axis, geometric from box max / 100 to box max (λ's axis starts at its box min when that is 0). */
  gridPoints: number;
}

export const defaultHyperparameters: HyperparameterOptions = {
  method: 'fixed',
  population: 5,
  amplification: 10,
  mutation: 'current-to-rand/1',
  bounds: 'clip',
  variant: 'paper',
  initialF: 0.5,
  initialCR: 0.9,
  sflsde: defaultSflsde,
  patience: 20,
  gridPoints: 3,
};

/** Settings as code may give them (schema defaults missing). */
export type HyperparameterSettings = Partial<Omit<HyperparameterOptions, 'sflsde'>> & { sflsde?: Partial<SflsdeSettings> };

/** Options with defaults filled in; a population below 4 or an empty F interval is a config error. */
export function resolveHyperparameters(settings: HyperparameterSettings = {}): HyperparameterOptions {
  const options = { ...defaultHyperparameters, ...settings, sflsde: { ...defaultSflsde, ...settings.sflsde } };
  const path = '/training/hyperparameters';
  if (!Number.isInteger(options.population) || options.population < 4) {
    throw new ConfigError([{ jsonPath: `${path}/population`, message: 'DE-Opt needs at least 4 individuals (a target and three distinct others)', found: options.population }]);
  }
  if (!(options.sflsde.fMin < options.sflsde.fMax)) {
    throw new ConfigError([{ jsonPath: `${path}/sflsde`, message: `the F interval is empty: fMin ${options.sflsde.fMin} is not below fMax ${options.sflsde.fMax}`, found: [options.sflsde.fMin, options.sflsde.fMax] }]);
  }
  return options;
}

const interval = { type: 'array', items: { type: 'number', minimum: 0 }, minItems: 2, maxItems: 2, description: '[min, max].' };
const probability = (description: string, value: number) => ({ type: 'number', minimum: 0, maximum: 1, default: value, description });
const count = (description: string, value: number) => ({ type: 'integer', minimum: 1, default: value, description });

export const hyperparameterOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'How each layer group\'s learning rate η and ℓ2 coefficient λ are chosen: fixed, DE-Opt (evolved during training) or grid search.',
  properties: {
    method: { enum: ['fixed', 'de-opt', 'grid'], default: defaultHyperparameters.method, description: 'fixed: learningRate/l2 for every group; de-opt: differential evolution of per-group (η, λ) during training; grid: one full training run per grid point.' },
    population: { type: 'integer', minimum: 4, default: defaultHyperparameters.population, description: 'DE-Opt population NP (≥ 4).' },
    amplification: { type: 'number', exclusiveMinimum: 0, default: defaultHyperparameters.amplification, description: 'The box is [0, amplification × reference] per dimension.' },
    reference: {
      type: 'object',
      additionalProperties: false,
      description: 'Reference η and λ (default: the training section\'s learningRate and l2).',
      properties: { learningRate: { type: 'number', exclusiveMinimum: 0 }, l2: { type: 'number', minimum: 0 } },
    },
    box: {
      type: 'object',
      additionalProperties: false,
      description: 'Explicit bounds instead of reference × amplification: for every group, and per layer group by name.',
      properties: {
        learningRate: interval,
        l2: interval,
        groups: { type: 'object', additionalProperties: { type: 'object', additionalProperties: false, properties: { learningRate: interval, l2: interval } } },
      },
    },
    mutation: { enum: ['current-to-rand/1', 'rand/1/bin'], default: defaultHyperparameters.mutation, description: 'Trials of the paper variant: current-to-rand/1 (the paper; trials stay near the population\'s span) or rand/1/bin. The reference-code variant always uses the authors\' per-group form.' },
    bounds: { enum: ['clip', 'reflect'], default: defaultHyperparameters.bounds, description: 'How a trial outside the box is brought back.' },
    variant: { enum: ['paper', 'reference-code'], default: defaultHyperparameters.variant, description: 'paper: rollback of rejected trials, SFLSDE and `mutation`; reference-code: shared weights, no rollback, and the authors\' trial (per-group r, ω and F from their mixture, difference scaled by ω·F).' },
    initialF: { type: 'number', exclusiveMinimum: 0, default: defaultHyperparameters.initialF },
    initialCR: { type: 'number', minimum: 0, maximum: 1, default: defaultHyperparameters.initialCR },
    sflsde: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'SFLSDE constants (algorithms.md §3).',
      properties: {
        resampleF: probability('τ1: probability of resampling F.', defaultSflsde.resampleF),
        resampleCR: probability('τ2: probability of resampling CR.', defaultSflsde.resampleCR),
        goldenSection: probability('Probability of a golden-section search on F.', defaultSflsde.goldenSection),
        hillClimb: probability('Probability of a hill climb on F.', defaultSflsde.hillClimb),
        goldenSectionIterations: count('Golden-section iterations.', defaultSflsde.goldenSectionIterations),
        hillClimbIterations: count('Hill-climb iterations.', defaultSflsde.hillClimbIterations),
        hillClimbStep: { type: 'number', exclusiveMinimum: 0, default: defaultSflsde.hillClimbStep },
        fMin: { type: 'number', default: defaultSflsde.fMin },
        fMax: { type: 'number', default: defaultSflsde.fMax },
        localSearch: { enum: ['best', 'all', 'none'], default: defaultSflsde.localSearch, description: 'Which individuals may run a local search on F (each probe costs a training pass).' },
      },
    },
    metric: { type: 'string', minLength: 1, description: 'Validation metric for selection (default ndcg@10 for ranking, auc for classification).' },
    patience: { type: 'integer', minimum: 1, default: defaultHyperparameters.patience, description: 'DE-Opt early stopping: epochs without a new best validation score.' },
    gridPoints: { type: 'integer', minimum: 1, default: defaultHyperparameters.gridPoints, description: 'Grid: points per axis (η and λ).' },
  },
} as const;
