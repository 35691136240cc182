export { RealBox, repairCoordinate, type BoundsHandling } from './bounds';
export { SearchBox } from './search-box';
export { drawRecipe, pickDistinct, trialPoint, type Mutation, type TrialRecipe } from './trial';
export { chooseScaleFactor, defaultSflsde, referenceCodeChoice, sflsdeChoice, type ScaleFactorChoice, type ScaleFactorPolicy, type SflsdeSettings } from './scale-factor';
export { advanceGoldenSection, goldenSectionProbes, startGoldenSection, type GoldenSectionState } from './golden-section';
export { advanceHillClimb, hillClimbProbes, startHillClimb, type HillClimbState } from './hill-climb';
