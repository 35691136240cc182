import { RecsearchError, subSectionSchema } from '@recsearch/core';

/** A sub-strategy's config section: `type` names a search plugin, the rest are its options. */
export type StrategySection = { type: string } & Record<string, unknown>;

/** The plugin's config section as it arrives (schema defaults filled in). */
export interface HybridOptions {
  controller: StrategySection;
  population: StrategySection;
  mixing: {
    controllerShare: number;
    schedule: 'constant' | 'linear';
    /** The share at the end of a linear schedule (default: controllerShare). */
    finalShare?: number;
    horizon: number;
  };
  offerElites: boolean;
  elitesOffered: number;
}

/** Settings no run can honour (a sub-strategy that cannot exchange candidates, …). */
export class HybridSettingsError extends RecsearchError {
  constructor(readonly setting: string, reason: string) {
    super(`search hybrid: ${setting}: ${reason}`);
  }
}

export const hybridSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    controller: subSectionSchema('search', 'reinforce', 'The controller (a search section, default reinforce): its evaluated samples join the population as migrants.'),
    population: subSectionSchema('search', 'evolution', 'The population (a search section, default evolution): it adopts the controller\'s samples and offers its elites.'),
    mixing: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        controllerShare: { type: 'number', minimum: 0, maximum: 1, default: 0.3, description: 'Fraction of the asks drawn from the controller (at the start, with a linear schedule).' },
        schedule: { enum: ['constant', 'linear'], default: 'constant', description: 'linear: the share moves from controllerShare to finalShare over horizon candidates.' },
        finalShare: { type: 'number', minimum: 0, maximum: 1, description: 'The share after horizon candidates (linear schedule; default controllerShare).' },
        horizon: { type: 'integer', minimum: 1, default: 100, description: 'Candidates over which a linear schedule moves the share (e.g. the candidate budget).' },
      },
    },
    offerElites: { type: 'boolean', default: true, description: 'After each generation, the population\'s elites are adopted by the controller (it will not re-explore them).' },
    elitesOffered: { type: 'integer', minimum: 1, default: 3, description: 'Elites offered per generation.' },
  },
} as const;
