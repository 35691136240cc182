import { definePlugin, paramSpaceSchema, type SearchStrategy } from '@recsearch/core';
import { AUTOLOSSGEN_OPERATORS, RunOperatorTable, type OperatorTable } from '@recsearch/expr';
import { RandomExpressions, type RandomExpressionOptions } from './random-expressions';
import { RandomSearch, type RandomSearchOptions } from './random-search';

export { RandomExpressions, RandomSearch, type RandomExpressionOptions, type RandomSearchOptions };

type Options = Partial<RandomSearchOptions> & { expressions?: RandomExpressionOptions };

export const { manifest, containerModule } = definePlugin<Options, SearchStrategy>(
  {
    id: 'random',
    kind: 'search',
    description: 'Random search: uniform draws from a box of parameters (space), or random loss expressions of bounded size (expressions).',
    schema: {
      type: 'object',
      additionalProperties: false,
      oneOf: [{ required: ['space'] }, { required: ['expressions'] }],
      properties: {
        space: { ...paramSpaceSchema, description: 'Parameters by name: {type, min, max, log?, size?} or {type: "categorical", values}.' },
        expressions: {
          type: 'object',
          additionalProperties: false,
          description: 'Random loss expressions over yhat, y and constants.',
          properties: {
            operators: { type: 'array', items: { type: 'string' }, minItems: 1, default: AUTOLOSSGEN_OPERATORS },
            maxDepth: { type: 'integer', minimum: 1, default: 4 },
            maxSize: { type: 'integer', minimum: 2, default: 20 },
          },
        },
      },
    },
  },
  ({ options, rng, service }) =>
    options.expressions
      ? new RandomExpressions(options.expressions, service<OperatorTable>(RunOperatorTable), rng)
      : new RandomSearch(options as RandomSearchOptions, rng),
);
