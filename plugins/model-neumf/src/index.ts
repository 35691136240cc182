import { definePlugin, type RecommenderFactory } from '@recsearch/core';
import { createRecommender, modelImplementationSchema, NativeNeuMf, type ModelImplementationOptions } from '@recsearch/compute';

export interface NeuMfPluginOptions extends ModelImplementationOptions {
  gmfDim: number;
  mlpDim: number;
  hidden: number[];
}

export const { manifest, containerModule } = definePlugin<NeuMfPluginOptions, RecommenderFactory>(
  {
    id: 'neumf',
    kind: 'model',
    description: 'NeuMF: GMF and MLP towers fused (He et al. 2017); layer groups gmf-embeddings, mlp-embeddings, dense-1, dense-2, dense-3-4.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        gmfDim: { type: 'integer', minimum: 1, default: 8 },
        mlpDim: { type: 'integer', minimum: 1, default: 32 },
        hidden: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, default: [32, 16, 8] },
        ...modelImplementationSchema,
      },
    },
  },
  ({ options }) => ({
    model: 'neumf',
    create: (shape) => createRecommender(options, shape, (common) => new NativeNeuMf({ ...common, gmfDim: options.gmfDim, mlpDim: options.mlpDim, hidden: options.hidden })),
  }),
);
