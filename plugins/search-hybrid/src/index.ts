import { definePlugin, type SearchStrategy } from '@recsearch/core';
import { HybridSearch } from './hybrid-search';
import { controllerQuota, controllerShare } from './mixing';
import { hybridSchema, HybridSettingsError, type HybridOptions, type StrategySection } from './options';

export { HybridSearch, HybridSettingsError, hybridSchema, controllerQuota, controllerShare };
export type { HybridOptions, StrategySection };

export const { manifest, containerModule } = definePlugin<HybridOptions, HybridSearch>(
  {
    id: 'hybrid',
    kind: 'search',
    description: 'A REINFORCE controller and an EvoMAL GP population in one search: the controller\'s samples join the population as migrants, the population\'s elites are adopted by the controller.',
    schema: hybridSchema as unknown as Record<string, unknown>,
  },
  ({ options, component }) =>
    new HybridSearch(component<SearchStrategy>('search', options.controller, 'controller'), component<SearchStrategy>('search', options.population, 'population'), options),
);
