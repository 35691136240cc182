import { basename, resolve } from 'node:path';
import { definePlugin, type DatasetSource, type Feedback } from '@recsearch/core';
import { readDelimited, type ColumnRef } from '@recsearch/data';

export interface CsvOptions {
  path: string;
  separator: string;
  header: boolean;
  columns: { user: ColumnRef; item: ColumnRef; rating?: ColumnRef; time?: ColumnRef };
  feedback?: Feedback;
}

const column = { oneOf: [{ type: 'integer', minimum: 0 }, { type: 'string', minLength: 1 }], description: 'Field position (0-based) or header name.' };

export const { manifest, containerModule } = definePlugin<CsvOptions, DatasetSource>(
  {
    id: 'csv',
    kind: 'dataset',
    description: 'Any delimited file of user, item, rating and time columns, mapped by position or header name.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: {
        path: { type: 'string', description: 'The file, relative to the config.' },
        separator: { type: 'string', minLength: 1, default: ',' },
        header: { type: 'boolean', default: true },
        columns: {
          type: 'object',
          additionalProperties: false,
          required: ['user', 'item'],
          properties: { user: column, item: column, rating: column, time: column },
          default: { user: 0, item: 1, rating: 2 },
        },
        feedback: { enum: ['explicit', 'binary', 'implicit'], description: 'Default: explicit with a rating column, implicit without.' },
      },
    },
  },
  ({ options, run }) => ({
    load: () => {
      const file = resolve(run.configDir, options.path);
      return readDelimited(file, { separator: options.separator, header: options.header, columns: options.columns, feedback: options.feedback }, basename(file).replace(/\..*$/, ''));
    },
  }),
);
