import type { Rng } from '@recsearch/core';

/** SFLSDE's constants (Neri & Tirronen 2009), as docs/algorithms.md §3 states them. */
export interface SflsdeSettings {
  /** Probability of resampling F as fMin + (fMax − fMin)·r1 (τ1). */
  resampleF: number;
  /** Probability of resampling CR as r3 (τ2). */
  resampleCR: number;
  /** Probability (r5 below it) of a golden-section search on F. */
  goldenSection: number;
  /** Probability (r5 in [goldenSection, goldenSection + hillClimb)) of a hill climb on F. */
  hillClimb: number;
  goldenSectionIterations: number;
  hillClimbIterations: number;
  hillClimbStep: number;
  fMin: number;
  fMax: number;
  /** Which individuals may run a local search on F. */
  localSearch: 'best' | 'all' | 'none';
}

export const defaultSflsde: SflsdeSettings = {
  resampleF: 0.1,
  resampleCR: 0.1,
  goldenSection: 0.03,
  hillClimb: 0.04,
  goldenSectionIterations: 8,
  hillClimbIterations: 20,
  hillClimbStep: 0.5,
  fMin: 0.1,
  fMax: 1,
  localSearch: 'best',
};

/** How an individual's trial gets its F this generation. */
export type ScaleFactorChoice =
  | { kind: 'plain'; F: number; CR: number }
  | { kind: 'golden-section'; F: number; CR: number }
  | { kind: 'hill-climb'; F: number; CR: number };

/**
 * SFLSDE's per-generation rule for one individual: r1..r5 ~ U(0,1); r5 picks a local search
 * (when this individual may run one), else r2 decides whether F is resampled; r4 decides
 * whether CR becomes r3. `F` of a local-search choice is its starting point.
 */
export function sflsdeChoice(rng: Rng, current: { F: number; CR: number }, mayLocalSearch: boolean, settings: SflsdeSettings): ScaleFactorChoice {
  const [r1, r2, r3, r4, r5] = [rng.float(), rng.float(), rng.float(), rng.float(), rng.float()];
  const CR = r4 < settings.resampleCR ? r3 : current.CR;
  if (mayLocalSearch && r5 < settings.goldenSection) return { kind: 'golden-section', F: current.F, CR };
  if (mayLocalSearch && r5 < settings.goldenSection + settings.hillClimb) return { kind: 'hill-climb', F: current.F, CR };
  const F = r2 < settings.resampleF ? settings.fMin + (settings.fMax - settings.fMin) * r1 : current.F;
  return { kind: 'plain', F, CR };
}

/**
 * The DE-Opt authors' code: no local search; the constants meant as iteration counts are used
 * as F values. F = 8 w.p. 0.03, F = 20 w.p. 0.04, U(0.1, 1) w.p. 0.93·0.1, else U(0, 1).
 * CR follows SFLSDE's rule.
 */
export function referenceCodeChoice(rng: Rng, current: { F: number; CR: number }, settings: SflsdeSettings): ScaleFactorChoice {
  const [r1, r2, r3, r4, r5] = [rng.float(), rng.float(), rng.float(), rng.float(), rng.float()];
  const CR = r4 < settings.resampleCR ? r3 : current.CR;
  let F: number;
  if (r5 < 0.03) F = 8;
  else if (r5 < 0.07) F = 20;
  else if (r2 < 0.1) F = 0.1 + 0.9 * r1;
  else F = r1;
  return { kind: 'plain', F, CR };
}

/** How F (and CR) are chosen each generation: SFLSDE (`paper`), the DE-Opt code's mixture, or fixed. */
export interface ScaleFactorPolicy {
  variant: 'paper' | 'reference-code';
  /** false: F and CR stay as they are (classic DE). */
  adapt: boolean;
  sflsde: SflsdeSettings;
}

/** This generation's F/CR choice for one individual; `isBest` says whether it leads the population (SFLSDE's local searches). */
export function chooseScaleFactor(rng: Rng, current: { F: number; CR: number }, isBest: boolean, policy: ScaleFactorPolicy): ScaleFactorChoice {
  const { adapt, variant, sflsde } = policy;
  if (!adapt) return { kind: 'plain', F: current.F, CR: current.CR };
  if (variant === 'reference-code') return referenceCodeChoice(rng, current, sflsde);
  const mayLocalSearch = sflsde.localSearch === 'all' || (sflsde.localSearch === 'best' && isBest);
  return sflsdeChoice(rng, current, mayLocalSearch, sflsde);
}
