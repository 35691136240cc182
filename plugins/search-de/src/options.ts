import { ConfigError, paramSpaceSchema, type ParamSpace } from '@recsearch/core';
import { defaultSflsde, type BoundsHandling, type Mutation, type SflsdeSettings } from '@recsearch/evolution';

export interface DifferentialEvolutionOptions {
  space: ParamSpace;
  populationSize: number;
  mutation: Mutation;
  bounds: BoundsHandling;
  /** `paper`: SFLSDE adaptation of F; `reference-code`: the DE-Opt authors' F mixture, no local search. */
  variant: 'paper' | 'reference-code';
  /** false: F and CR stay at their initial values (classic DE). */
  adapt: boolean;
  initialF: number;
  initialCR: number;
  sflsde: SflsdeSettings;
}

export const defaultOptions: Omit<DifferentialEvolutionOptions, 'space'> = {
  populationSize: 20,
  mutation: 'rand/1/bin',
  bounds: 'clip',
  variant: 'paper',
  adapt: true,
  initialF: 0.5,
  initialCR: 0.9,
  sflsde: defaultSflsde,
};

/** Options as a config gives them (schema defaults may be missing when built in code). */
export type DifferentialEvolutionSettings = Pick<DifferentialEvolutionOptions, 'space'> &
  Partial<Omit<DifferentialEvolutionOptions, 'space' | 'sflsde'>> & { sflsde?: Partial<SflsdeSettings> };

export function resolveOptions(settings: DifferentialEvolutionSettings): DifferentialEvolutionOptions {
  const options = { ...defaultOptions, ...settings, sflsde: { ...defaultSflsde, ...settings.sflsde } };
  if (!Number.isInteger(options.populationSize) || options.populationSize < 4) {
    throw new ConfigError([{ jsonPath: '/search/populationSize', message: 'DE needs at least 4 individuals (a target and three distinct others)', found: options.populationSize }]);
  }
  const { fMin, fMax } = options.sflsde;
  if (!(fMin < fMax)) throw new ConfigError([{ jsonPath: '/search/sflsde', message: `the F interval is empty: fMin ${fMin} is not below fMax ${fMax}`, found: [fMin, fMax] }]);
  return options;
}

const probability = (description: string, value: number) => ({ type: 'number', minimum: 0, maximum: 1, default: value, description });
const count = (description: string, value: number) => ({ type: 'integer', minimum: 1, default: value, description });

export const differentialEvolutionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['space'],
  properties: {
    space: { ...paramSpaceSchema, description: 'The box: real parameters {type, min, max, log?, size?} (log ones searched in their logarithm); integers are searched as reals and rounded; categorical parameters are rejected.' },
    populationSize: { type: 'integer', minimum: 4, default: defaultOptions.populationSize, description: 'NP, individuals in the population (≥ 4).' },
    mutation: {
      enum: ['rand/1/bin', 'current-to-rand/1'],
      default: defaultOptions.mutation,
      description: 'rand/1/bin: X_r1 + F(X_r2 − X_r3) crossed binomially with CR; current-to-rand/1 (DE-Opt): X + ω(X_r1 − X) + F(X_r2 − X_r3), ω ~ U(0,1).',
    },
    bounds: { enum: ['clip', 'reflect'], default: defaultOptions.bounds, description: 'How a trial outside the box is brought back.' },
    variant: {
      enum: ['paper', 'reference-code'],
      default: defaultOptions.variant,
      description: 'paper: SFLSDE F adaptation with local searches on F; reference-code: the DE-Opt code\'s F mixture (8, 20, U(0.1,1), U(0,1)), no local search.',
    },
    adapt: { type: 'boolean', default: defaultOptions.adapt, description: 'Self-adapt F and CR per individual; false keeps initialF and initialCR.' },
    initialF: { type: 'number', exclusiveMinimum: 0, default: defaultOptions.initialF, description: 'Every individual\'s starting scale factor F.' },
    initialCR: { type: 'number', minimum: 0, maximum: 1, default: defaultOptions.initialCR, description: 'Every individual\'s starting crossover rate (rand/1/bin).' },
    sflsde: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'SFLSDE constants (Neri & Tirronen 2009; docs/algorithms.md §3).',
      properties: {
        resampleF: probability('τ1: probability of resampling F in [fMin, fMax].', defaultSflsde.resampleF),
        resampleCR: probability('τ2: probability of resampling CR in [0, 1).', defaultSflsde.resampleCR),
        goldenSection: probability('Probability of a golden-section search on F.', defaultSflsde.goldenSection),
        hillClimb: probability('Probability of a hill climb on F.', defaultSflsde.hillClimb),
        goldenSectionIterations: count('Golden-section iterations (the first probes 2 points, the others 1).', defaultSflsde.goldenSectionIterations),
        hillClimbIterations: count('Hill-climb iterations (2 probes each, plus the centre once).', defaultSflsde.hillClimbIterations),
        hillClimbStep: { type: 'number', exclusiveMinimum: 0, default: defaultSflsde.hillClimbStep, description: 'Starting step of the hill climb on F.' },
        fMin: { type: 'number', default: defaultSflsde.fMin, description: 'Lower end of the F interval (resampling and golden section).' },
        fMax: { type: 'number', default: defaultSflsde.fMax, description: 'Upper end of the F interval.' },
        localSearch: { enum: ['best', 'all', 'none'], default: defaultSflsde.localSearch, description: 'Which individuals may run a local search on F.' },
      },
    },
  },
};
