import { resolve } from 'node:path';
import { definePlugin, type DatasetSource } from '@recsearch/core';
import { readFilmTrust } from '@recsearch/data';

export const { manifest, containerModule } = definePlugin<{ path: string }, DatasetSource>(
  {
    id: 'filmtrust',
    kind: 'dataset',
    description: 'FilmTrust (LibRec release) ratings.txt; repeated (user, item) pairs keep the last rating.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: { path: { type: 'string', description: 'ratings.txt or its folder, relative to the config.' } },
    },
  },
  ({ options, run }) => ({ load: () => readFilmTrust(resolve(run.configDir, options.path)) }),
);
