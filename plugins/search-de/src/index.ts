import { definePlugin } from '@recsearch/core';
import { DifferentialEvolution, type Individual, type LocalSearchRun, type Proposal } from './differential-evolution';
import { differentialEvolutionSchema, resolveOptions, type DifferentialEvolutionOptions, type DifferentialEvolutionSettings } from './options';

export { DifferentialEvolution, resolveOptions, type DifferentialEvolutionOptions, type DifferentialEvolutionSettings, type Individual, type LocalSearchRun, type Proposal };
export {
  advanceGoldenSection,
  advanceHillClimb,
  defaultSflsde,
  drawRecipe,
  goldenSectionProbes,
  hillClimbProbes,
  pickDistinct,
  referenceCodeChoice,
  SearchBox,
  sflsdeChoice,
  startGoldenSection,
  startHillClimb,
  trialPoint,
  type BoundsHandling,
  type GoldenSectionState,
  type HillClimbState,
  type Mutation,
  type ScaleFactorChoice,
  type SflsdeSettings,
  type TrialRecipe,
} from '@recsearch/evolution';

export const { manifest, containerModule } = definePlugin<DifferentialEvolutionOptions, DifferentialEvolution>(
  {
    id: 'de',
    kind: 'search',
    description: 'Differential evolution (rand/1/bin or DE-Opt\'s current-to-rand/1) over a box of real parameters, with SFLSDE adaptation of F and CR.',
    schema: differentialEvolutionSchema,
  },
  ({ options, rng }) => new DifferentialEvolution(options, rng),
);
