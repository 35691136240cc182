// SFLSDE and the reference-code F mixture live in @recsearch/evolution; re-exported for this plugin's specs.
export { defaultSflsde, referenceCodeChoice, sflsdeChoice, type ScaleFactorChoice, type SflsdeSettings } from '@recsearch/evolution';
