import { definePlugin, type DatasetSource } from '@recsearch/core';
import { syntheticDataset, type SyntheticOptions } from '@recsearch/data';

export const { manifest, containerModule } = definePlugin<SyntheticOptions, DatasetSource>(
  {
    id: 'synthetic',
    kind: 'dataset',
    description: 'Seeded synthetic ratings from latent factors with popularity skew; ML-100K-shaped by default.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        users: { type: 'integer', minimum: 2, default: 943 },
        items: { type: 'integer', minimum: 2, default: 1682 },
        ratings: { type: 'integer', minimum: 1, default: 100000 },
        factors: { type: 'integer', minimum: 1, default: 8, description: 'Latent dimensions of the hidden taste model.' },
        popularitySkew: { type: 'number', minimum: 0, default: 1, description: 'Zipf exponent of item popularity.' },
      },
    },
  },
  ({ options, rng }) => ({ load: async () => syntheticDataset({ ...options, seed: rng.int(0, 2 ** 31 - 1), name: 'synthetic' }) }),
);
