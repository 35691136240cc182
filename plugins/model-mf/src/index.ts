import { definePlugin, type RecommenderFactory } from '@recsearch/core';
import { createRecommender, modelImplementationSchema, NativeMf, type ModelImplementationOptions } from '@recsearch/compute';

export interface MfPluginOptions extends ModelImplementationOptions {
  dim: number;
  globalBias: number;
}

export const { manifest, containerModule } = definePlugin<MfPluginOptions, RecommenderFactory>(
  {
    id: 'mf',
    kind: 'model',
    description: 'Biased matrix factorisation: ŷ = σ(e_u·e_i + b_u + b_i + b_g); layer groups embeddings, biases.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        dim: { type: 'integer', minimum: 1, default: 64, description: 'Embedding size d.' },
        globalBias: { type: 'number', default: 0, description: 'Initial b_g (the reference code uses 0.1).' },
        ...modelImplementationSchema,
      },
    },
  },
  ({ options }) => ({
    model: 'mf',
    create: (shape) => createRecommender(options, shape, (common) => new NativeMf({ ...common, dim: options.dim, globalBias: options.globalBias })),
  }),
);
