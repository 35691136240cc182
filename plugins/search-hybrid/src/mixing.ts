import type { HybridOptions } from './options';

/** The controller's share of the asks after `asked` candidates, by the schedule. */
export function controllerShare(mixing: HybridOptions['mixing'], asked: number): number {
  if (mixing.schedule === 'constant') return mixing.controllerShare;
  const final = mixing.finalShare ?? mixing.controllerShare;
  return mixing.controllerShare + (final - mixing.controllerShare) * Math.min(1, asked / mixing.horizon);
}

/**
 * How many of `count` asks go to the controller at `share`, carrying the fraction left over
 * (`credit`, in [0, 1)) to the next ask, so one-at-a-time asks still mix at the share.
 */
export function controllerQuota(count: number, share: number, credit: number): { quota: number; credit: number } {
  const owed = credit + count * share;
  // Rounding noise (0.3 · 10 = 3.0000000000000004) must not decide a whole candidate.
  const quota = Math.min(count, Math.floor(owed + 1e-9));
  return { quota, credit: Math.max(0, owed - quota) };
}
