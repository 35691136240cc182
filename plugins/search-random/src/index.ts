import { ContainerModule } from 'inversify';
import { ComponentOptions, ComponentRng, paramSpaceSchema, SearchStrategy, type PluginManifest } from '@recsearch/core';
import { RandomSearch, type RandomSearchOptions } from './random-search';

export { RandomSearch, type RandomSearchOptions };

export const manifest: PluginManifest = {
  id: 'random',
  kind: 'search',
  description: 'Random search: independent uniform draws from a box of real/integer/categorical parameters.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['space'],
    properties: { space: { ...paramSpaceSchema, description: 'Parameters by name: {type, min, max, log?, size?} or {type: "categorical", values}.' } },
  },
};

export const containerModule = new ContainerModule(({ bind }) => {
  bind(SearchStrategy)
    .toDynamicValue((context) => new RandomSearch(context.get<RandomSearchOptions>(ComponentOptions), context.get(ComponentRng)))
    .whenNamed(manifest.id);
});
