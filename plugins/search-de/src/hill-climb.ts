// The local searches on F live in @recsearch/evolution; re-exported for this plugin's specs.
export { advanceHillClimb, hillClimbProbes, startHillClimb, type HillClimbState } from '@recsearch/evolution';
