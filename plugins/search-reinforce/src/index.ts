import { definePlugin } from '@recsearch/core';
import { OperatorTable, RunOperatorTable } from '@recsearch/expr';
import { reinforceSchema, resolveSettings, type ControllerSettings, type ControllerVariant, type ReinforceOptions } from './options';
import { controllerUpdated, type ControllerUpdate } from './controller-events';
import { ReinforceSearch } from './reinforce-search';
import { buildLoss, buildSearchSpace, buildVariables, type Decisions, type SearchSpace } from './search-space';

export { ReinforceSearch, controllerUpdated, resolveSettings, reinforceSchema, buildSearchSpace, buildLoss, buildVariables };
export type { ReinforceOptions, ControllerSettings, ControllerVariant, ControllerUpdate, Decisions, SearchSpace };

export const { manifest, containerModule } = definePlugin<ReinforceOptions, ReinforceSearch>(
  {
    id: 'reinforce',
    kind: 'search',
    description: "AutoLossGen's REINFORCE controller: an LSTM samples losses operator by operator from S = {ŷ, y, 1}.",
    schema: reinforceSchema as unknown as Record<string, unknown>,
  },
  ({ options, rng, bus, optionalService }) => {
    const settings = resolveSettings(options);
    // A run's table carries the config's composites, plugin operators and `expressions.clamp`,
    // so the strategy and the evaluators read candidates the same way.
    const table = optionalService<OperatorTable>(RunOperatorTable) ?? OperatorTable.create({ clamp: settings.clamp });
    return new ReinforceSearch(settings, table, rng, bus);
  },
);
