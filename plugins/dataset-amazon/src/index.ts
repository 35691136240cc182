import { resolve } from 'node:path';
import { definePlugin, type DatasetSource } from '@recsearch/core';
import { readAmazonJson, readAmazonTsv } from '@recsearch/data';

export interface AmazonOptions {
  path: string;
  format?: 'json' | 'tsv';
}

export const { manifest, containerModule } = definePlugin<AmazonOptions, DatasetSource>(
  {
    id: 'amazon',
    kind: 'dataset',
    description: "Amazon 5-core reviews: the publisher's JSON lines (.json or .json.gz) or user/item/rating/time TSV.",
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: {
        path: { type: 'string', description: 'The file, relative to the config.' },
        format: { enum: ['json', 'tsv'], description: 'Default: tsv for .tsv/.txt files, json otherwise.' },
      },
    },
  },
  ({ options, run }) => ({
    load: () => {
      const file = resolve(run.configDir, options.path);
      const format = options.format ?? (/\.(tsv|txt)$/.test(file) ? 'tsv' : 'json');
      return format === 'tsv' ? readAmazonTsv(file) : readAmazonJson(file);
    },
  }),
);
