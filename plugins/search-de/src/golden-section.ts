// The local searches on F live in @recsearch/evolution; re-exported for this plugin's specs.
export { advanceGoldenSection, goldenSectionProbes, startGoldenSection, type GoldenSectionState } from '@recsearch/evolution';
