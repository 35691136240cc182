import { definePlugin } from '@recsearch/core';
import { DifferentialEvolution, type Individual, type LocalSearchRun, type Proposal } from './differential-evolution';
import { differentialEvolutionSchema, resolveOptions, type DifferentialEvolutionOptions, type DifferentialEvolutionSettings } from './options';

export { DifferentialEvolution, resolveOptions, type DifferentialEvolutionOptions, type DifferentialEvolutionSettings, type Individual, type LocalSearchRun, type Proposal };
export { SearchBox, type BoundsHandling } from './search-box';
export { drawRecipe, pickDistinct, trialPoint, type Mutation, type TrialRecipe } from './trial';
export { defaultSflsde, referenceCodeChoice, sflsdeChoice, type ScaleFactorChoice, type SflsdeSettings } from './scale-factor';
export { advanceGoldenSection, goldenSectionProbes, startGoldenSection, type GoldenSectionState } from './golden-section';
export { advanceHillClimb, hillClimbProbes, startHillClimb, type HillClimbState } from './hill-climb';

export const { manifest, containerModule } = definePlugin<DifferentialEvolutionOptions, DifferentialEvolution>(
  {
    id: 'de',
    kind: 'search',
    description: 'Differential evolution (rand/1/bin or DE-Opt\'s current-to-rand/1) over a box of real parameters, with SFLSDE adaptation of F and CR.',
    schema: differentialEvolutionSchema,
  },
  ({ options, rng }) => new DifferentialEvolution(options, rng),
);
