import { resolve } from 'node:path';
import { definePlugin, type DatasetSource } from '@recsearch/core';
import { defaultCacheDir, downloadDataset, readAutoLossGenSplit, readMovieLens100k, readMovieLensDat } from '@recsearch/data';

export interface MovieLensOptions {
  variant: '100k' | '1m' | '10m' | 'autolossgen-split';
  /** The folder (or ratings file); without it, 100k and 1m are downloaded into the cache. */
  path?: string;
  download: boolean;
  cacheDir?: string;
}

async function locate(options: MovieLensOptions, configDir: string): Promise<string> {
  if (options.path) return resolve(configDir, options.path);
  const downloadable = options.variant === '100k' || options.variant === '1m';
  if (!downloadable || !options.download) {
    throw new RangeError(`MovieLens ${options.variant} needs "path" (the folder holding its files)${downloadable ? ', or "download": true' : ''}`);
  }
  return (await downloadDataset(`ml-${options.variant}`, options.cacheDir ?? defaultCacheDir())).folder;
}

export const { manifest, containerModule } = definePlugin<MovieLensOptions, DatasetSource>(
  {
    id: 'movielens',
    kind: 'dataset',
    description: "MovieLens 100K/1M/10M, or the AutoLossGen authors' exact ML-100K split; downloads 100K/1M when no path is given.",
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        variant: { enum: ['100k', '1m', '10m', 'autolossgen-split'], default: '100k' },
        path: { type: 'string', description: 'Folder or ratings file, relative to the config.' },
        download: { type: 'boolean', default: true, description: 'Download 100k/1m into the cache when no path is given.' },
        cacheDir: { type: 'string', description: 'Download cache (default $RECSEARCH_CACHE or ~/.cache/recsearch/datasets).' },
      },
    },
  },
  ({ options, run }) => ({
    load: async () => {
      const location = await locate(options, run.configDir);
      switch (options.variant) {
        case '100k':
          return readMovieLens100k(location);
        case 'autolossgen-split':
          return readAutoLossGenSplit(location);
        default:
          return readMovieLensDat(location, `ml-${options.variant}`);
      }
    },
  }),
);
