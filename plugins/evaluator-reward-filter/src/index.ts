import { definePlugin } from '@recsearch/core';
import { RunOperatorTable, type OperatorTable } from '@recsearch/expr';
import { TrainingSetup } from '@recsearch/training';
import { RewardFilter, type RewardFilterOptions } from './reward-filter';

export { RewardFilter, type RewardFilterOptions };

export const { manifest, containerModule } = definePlugin<RewardFilterOptions, RewardFilter>(
  {
    id: 'reward-filter',
    kind: 'evaluator',
    description: 'AutoLossGen reward filter: one epoch on a clone of the live model; reward = validation metric gain; kept if ≥ −η.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        eta: { type: 'number', minimum: 0, default: 1e-5, description: 'η: accept when reward ≥ −η.' },
        learningRate: { type: 'number', exclusiveMinimum: 0, default: 0.01 },
        l2: { type: 'number', minimum: 0, default: 1e-4 },
        batchSize: { type: 'integer', minimum: 1, default: 128 },
        epochs: { type: 'integer', minimum: 1, default: 1 },
        divergedReward: { type: 'number', default: -1 },
        eps: { type: 'number', exclusiveMinimum: 0, default: 1e-6 },
      },
    },
  },
  ({ options, rng, service }) => new RewardFilter(options, service<OperatorTable>(RunOperatorTable), service<TrainingSetup>(TrainingSetup), rng),
);
