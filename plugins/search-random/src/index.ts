import { definePlugin, paramSpaceSchema } from '@recsearch/core';
import { RandomSearch, type RandomSearchOptions } from './random-search';

export { RandomSearch, type RandomSearchOptions };

export const { manifest, containerModule } = definePlugin<RandomSearchOptions, RandomSearch>(
  {
    id: 'random',
    kind: 'search',
    description: 'Random search: independent uniform draws from a box of real/integer/categorical parameters.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['space'],
      properties: { space: { ...paramSpaceSchema, description: 'Parameters by name: {type, min, max, log?, size?} or {type: "categorical", values}.' } },
    },
  },
  ({ options, rng }) => new RandomSearch(options, rng),
);
