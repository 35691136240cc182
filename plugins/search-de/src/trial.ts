// The trial math lives in @recsearch/evolution (DE-Opt uses it too); re-exported for this plugin's specs.
export { drawRecipe, pickDistinct, trialPoint, type Mutation, type TrialRecipe } from '@recsearch/evolution';
