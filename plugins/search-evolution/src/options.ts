import { RecsearchError } from '@recsearch/core';
import { EVOMAL_PRIMITIVES, type OperatorRecord, type OperatorTable } from '@recsearch/expr';

/** Settings that no run can honour (empty primitive set, tournament larger than the population, …). */
export class EvolutionSettingsError extends RecsearchError {
  constructor(readonly setting: string, reason: string) {
    super(`search evolution: ${setting}: ${reason}`);
  }
}

/** The plugin's config section as it arrives (schema defaults filled in). */
export interface EvolutionOptions {
  /** Operator names from the run's table (default: EvoMAL's twelve). */
  primitives?: string[];
  populationSize?: number;
  /** Generations including the initial one. */
  generations?: number;
  initialHeight?: { min?: number; max?: number };
  maxHeight?: number;
  /** Height range of the subtree uniform mutation grows. */
  mutationHeight?: { min?: number; max?: number };
  crossoverRate?: number;
  mutationRate?: number;
  reproductionRate?: number;
  tournamentSize?: number;
  elitism?: boolean;
  /** Share of the population kept as elites (at least one when elitism is on). */
  eliteFraction?: number;
  /** Tune per-node weights φ by the meta-gradient local search (EvoMAL); false is the GP-LFL ablation. */
  localSearch?: boolean;
  localSearchSteps?: number;
  localSearchLearningRate?: number;
  /** Step size of the differentiable inner SGD step on the run's model (EvoMAL: 0.01). */
  localSearchInnerLearningRate?: number;
  /** Training rows of each meta-step's inner step. */
  localSearchTrainRows?: number;
  /** Validation rows of each meta-step's task loss. */
  localSearchValidationRows?: number;
  /** Pool of seeded model initialisations the meta-steps draw from (default: a fresh model every meta-step). */
  localSearchInitialisations?: number;
  /** Write the trained φ into the expression as constants (for evaluators that ignore `parameters`). */
  weightsInExpression?: boolean;
}

export interface EvolutionSettings {
  primitives: OperatorRecord[];
  /** Binary primitives used to repair a tree that lacks y or ŷ. */
  repairOperators: OperatorRecord[];
  populationSize: number;
  generations: number;
  initialHeight: { min: number; max: number };
  maxHeight: number;
  mutationHeight: { min: number; max: number };
  crossoverRate: number;
  mutationRate: number;
  reproductionRate: number;
  tournamentSize: number;
  elites: number;
  localSearch: boolean;
  localSearchSteps: number;
  localSearchLearningRate: number;
  localSearchInnerLearningRate: number;
  localSearchTrainRows: number;
  localSearchValidationRows: number;
  localSearchInitialisations?: number;
  weightsInExpression: boolean;
}

const heightSchema = (min: number, max: number) => ({
  type: 'object',
  additionalProperties: false,
  properties: { min: { type: 'integer', minimum: 0, default: min }, max: { type: 'integer', minimum: 0, default: max } },
  default: { min, max },
});

export const evolutionSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    primitives: { type: 'array', items: { type: 'string' }, minItems: 1, default: EVOMAL_PRIMITIVES, description: 'Operator names of the run\'s table.' },
    populationSize: { type: 'integer', minimum: 2, default: 25 },
    generations: { type: 'integer', minimum: 1, default: 50, description: 'Generations including the initial population.' },
    initialHeight: { ...heightSchema(2, 4), description: 'Ramped half-and-half initialisation heights.' },
    maxHeight: { type: 'integer', minimum: 1, default: 10, description: 'An offspring above it is replaced by its parent.' },
    mutationHeight: { ...heightSchema(0, 2), description: 'Heights of the subtree uniform mutation grows.' },
    crossoverRate: { type: 'number', minimum: 0, maximum: 1, default: 0.7 },
    mutationRate: { type: 'number', minimum: 0, maximum: 1, default: 0.25 },
    reproductionRate: { type: 'number', minimum: 0, maximum: 1, default: 0.05 },
    tournamentSize: { type: 'integer', minimum: 1, default: 4 },
    elitism: { type: 'boolean', default: true },
    eliteFraction: { type: 'number', minimum: 0, maximum: 1, default: 0.05 },
    localSearch: { type: 'boolean', default: false, description: 'EvoMAL local search of per-node weights φ; false is GP-LFL.' },
    localSearchSteps: { type: 'integer', minimum: 0, default: 250 },
    localSearchLearningRate: { type: 'number', exclusiveMinimum: 0, default: 0.001, description: "Adam's step size on φ." },
    localSearchInnerLearningRate: {
      type: 'number',
      exclusiveMinimum: 0,
      default: 0.01,
      description: "SGD step size of each meta-step's differentiable inner step on the run's model (EvoMAL: 0.01).",
    },
    localSearchTrainRows: { type: 'integer', minimum: 1, default: 128, description: "Training rows of each meta-step's inner step." },
    localSearchValidationRows: { type: 'integer', minimum: 1, default: 256, description: "Validation rows of each meta-step's task loss (BCE)." },
    localSearchInitialisations: {
      type: 'integer',
      minimum: 1,
      description: 'Meta-steps draw their model initialisation from this many seeded ones made once (cheaper); default: a fresh model every meta-step (EvoMAL).',
    },
    weightsInExpression: {
      type: 'boolean',
      default: false,
      description: 'With localSearch: write the trained φ into the expression as constants instead of phi<N> parameters.',
    },
  },
} as const;

// The arithmetic operators EvoMAL's repair draws from, when the primitive set has them.
const ARITHMETIC = ['add', 'sub', 'mul', 'aq', 'div'];

/** Every setting decided and checked against the run's operator table. */
export function resolveSettings(options: EvolutionOptions, table: OperatorTable): EvolutionSettings {
  const names = options.primitives ?? EVOMAL_PRIMITIVES;
  if (names.length === 0) throw new EvolutionSettingsError('primitives', 'the primitive set is empty');
  const unknown = names.filter((name) => !table.get(name));
  if (unknown.length > 0) throw new EvolutionSettingsError('primitives', `unknown operators ${unknown.join(', ')}; see \`recsearch operators\``);
  const primitives = [...new Set(names)].map((name) => table.require(name));
  const nullary = primitives.filter((op) => op.arity === 0).map((op) => op.name);
  if (nullary.length > 0) throw new EvolutionSettingsError('primitives', `operators without operands cannot be tree nodes: ${nullary.join(', ')}`);
  const binary = primitives.filter((op) => op.arity === 2);
  if (binary.length === 0) throw new EvolutionSettingsError('primitives', 'no binary operator: a tree lacking y or ŷ cannot be repaired with (y ∘ ŷ)');
  const arithmetic = binary.filter((op) => ARITHMETIC.includes(op.name));

  const populationSize = options.populationSize ?? 25;
  const generations = options.generations ?? 50;
  const initialHeight = { min: options.initialHeight?.min ?? 2, max: options.initialHeight?.max ?? 4 };
  const mutationHeight = { min: options.mutationHeight?.min ?? 0, max: options.mutationHeight?.max ?? 2 };
  const maxHeight = options.maxHeight ?? 10;
  const crossoverRate = options.crossoverRate ?? 0.7;
  const mutationRate = options.mutationRate ?? 0.25;
  const reproductionRate = options.reproductionRate ?? 0.05;
  const tournamentSize = options.tournamentSize ?? 4;
  const elitism = options.elitism ?? true;
  const elites = elitism ? Math.max(1, Math.floor((options.eliteFraction ?? 0.05) * populationSize)) : 0;

  if (!Number.isInteger(populationSize) || populationSize < 2) throw new EvolutionSettingsError('populationSize', `must be an integer ≥ 2, got ${populationSize}`);
  if (!Number.isInteger(generations) || generations < 1) throw new EvolutionSettingsError('generations', `must be an integer ≥ 1, got ${generations}`);
  for (const [name, range] of [['initialHeight', initialHeight], ['mutationHeight', mutationHeight]] as const) {
    if (range.min < 0 || range.min > range.max) throw new EvolutionSettingsError(name, `needs 0 ≤ min ≤ max, got ${range.min}..${range.max}`);
  }
  if (initialHeight.min < 1) throw new EvolutionSettingsError('initialHeight', 'min must be ≥ 1: a tree of height 0 is a single leaf');
  if (initialHeight.max >= maxHeight) {
    throw new EvolutionSettingsError('maxHeight', `${maxHeight} leaves no room above the initial height ${initialHeight.max} (repair adds one level)`);
  }
  const rates = [crossoverRate, mutationRate, reproductionRate];
  if (rates.some((rate) => !(rate >= 0)) || Math.abs(rates.reduce((a, b) => a + b, 0) - 1) > 1e-9) {
    throw new EvolutionSettingsError('crossoverRate', `crossover, mutation and reproduction rates must be ≥ 0 and sum to 1, got ${rates.join(' + ')}`);
  }
  if (!Number.isInteger(tournamentSize) || tournamentSize < 1 || tournamentSize > populationSize) {
    throw new EvolutionSettingsError('tournamentSize', `must be between 1 and the population size ${populationSize}, got ${tournamentSize}`);
  }
  if (elites >= populationSize) throw new EvolutionSettingsError('eliteFraction', `${elites} elites leave no room for offspring in a population of ${populationSize}`);

  return {
    primitives,
    repairOperators: arithmetic.length > 0 ? arithmetic : binary,
    populationSize,
    generations,
    initialHeight,
    maxHeight,
    mutationHeight,
    crossoverRate,
    mutationRate,
    reproductionRate,
    tournamentSize,
    elites,
    localSearch: options.localSearch ?? false,
    localSearchSteps: options.localSearchSteps ?? 250,
    localSearchLearningRate: options.localSearchLearningRate ?? 1e-3,
    localSearchInnerLearningRate: options.localSearchInnerLearningRate ?? 0.01,
    localSearchTrainRows: options.localSearchTrainRows ?? 128,
    localSearchValidationRows: options.localSearchValidationRows ?? 256,
    ...(options.localSearchInitialisations === undefined ? {} : { localSearchInitialisations: options.localSearchInitialisations }),
    weightsInExpression: options.weightsInExpression ?? false,
  };
}
