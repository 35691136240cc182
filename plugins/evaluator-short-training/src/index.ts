import { definePlugin } from '@recsearch/core';
import { RunOperatorTable, type OperatorTable } from '@recsearch/expr';
import { TrainingSetup } from '@recsearch/training';
import { ShortTraining, type FitnessError, type ShortTrainingOptions } from './short-training';

export { ShortTraining };
export type { ShortTrainingOptions, FitnessError };

export const { manifest, containerModule } = definePlugin<ShortTrainingOptions, ShortTraining>(
  {
    id: 'short-training',
    kind: 'evaluator',
    description: "EvoMAL's fitness: the same fresh model trained a fixed number of steps with the candidate loss; reward = −validation error.",
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        steps: { type: 'integer', minimum: 1, default: 500, description: 'Minibatch steps per candidate (EvoMAL: 500).' },
        batchSize: { type: 'integer', minimum: 1, default: 128 },
        learningRate: { type: 'number', exclusiveMinimum: 0, default: 0.01 },
        l2: { type: 'number', minimum: 0, default: 0 },
        optimizer: { enum: ['sgd', 'adam', 'amsgrad'], description: "Default: the run's training.optimizer." },
        error: {
          enum: ['auto', 'auc', 'logloss', 'rmse', 'ndcg@10'],
          default: 'auto',
          description: 'Validation error: 1 − AUC, logloss, RMSE or 1 − NDCG@10; auto: 1 − AUC (classification) or 1 − NDCG@10 (ranking).',
        },
        divergedReward: { type: 'number', description: 'Reward when training diverges (default: minus the worst value of the error).' },
        eps: { type: 'number', exclusiveMinimum: 0, default: 1e-6, description: "Value of the loss's eps parameter." },
      },
    },
  },
  ({ options, rng, service }) => new ShortTraining(options, service<OperatorTable>(RunOperatorTable), service<TrainingSetup>(TrainingSetup), rng),
);
