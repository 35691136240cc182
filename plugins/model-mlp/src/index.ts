import { definePlugin, type RecommenderFactory } from '@recsearch/core';
import { createRecommender, modelImplementationSchema, NativeMlp, type ModelImplementationOptions } from '@recsearch/compute';

export interface MlpPluginOptions extends ModelImplementationOptions {
  dim: number;
  hidden: number[];
  dropout: number;
  batchNorm: boolean;
}

export const { manifest, containerModule } = definePlugin<MlpPluginOptions, RecommenderFactory>(
  {
    id: 'mlp',
    kind: 'model',
    description: "AutoLossGen's MLP: [e_u; e_i] → 64 → 16 → 1, batch norm, dropout 0.2, ReLU, sigmoid output.",
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        dim: { type: 'integer', minimum: 1, default: 64, description: 'Embedding size of users and items.' },
        hidden: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, default: [64, 16] },
        dropout: { type: 'number', minimum: 0, maximum: 0.95, default: 0.2 },
        batchNorm: { type: 'boolean', default: true },
        ...modelImplementationSchema,
      },
    },
  },
  ({ options }) => ({
    model: 'mlp',
    create: (shape) =>
      createRecommender(options, shape, (common) => new NativeMlp({ ...common, dim: options.dim, hidden: options.hidden, dropout: options.dropout, batchNorm: options.batchNorm })),
  }),
);
