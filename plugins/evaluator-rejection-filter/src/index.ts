import { definePlugin } from '@recsearch/core';
import { RunOperatorTable, type OperatorTable } from '@recsearch/expr';
import { TrainingSetup } from '@recsearch/training';
import { descendPredictions, metricFor, taskError, type DescentResult, type DescentSettings, type TaskMetric } from './prediction-descent';
import { RejectionFilter, type RejectionFilterOptions } from './rejection-filter';

export { RejectionFilter, descendPredictions, metricFor, taskError };
export type { RejectionFilterOptions, DescentResult, DescentSettings, TaskMetric };

export const { manifest, containerModule } = definePlugin<RejectionFilterOptions, RejectionFilter>(
  {
    id: 'rejection-filter',
    kind: 'evaluator',
    description: "EvoMAL's rejection filter: Adam on 100 training rows' predictions under the candidate loss; rejected when the task metric does not improve.",
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        rows: { type: 'integer', minimum: 1, default: 100, description: 'Training rows whose predictions are optimised.' },
        steps: { type: 'integer', minimum: 1, default: 100, description: 'Adam steps on the predictions (EvoMAL: 100–1000).' },
        learningRate: { type: 'number', exclusiveMinimum: 0, default: 0.01 },
        metric: { enum: ['auto', 'bce', 'error', 'mse'], default: 'auto', description: 'Task metric (lower is better); auto: BCE for 0/1 labels, else MSE.' },
        rejectedReward: { type: 'number', default: -1, description: 'Reward of a rejected loss.' },
        eps: { type: 'number', exclusiveMinimum: 0, default: 1e-6, description: "Value of the loss's eps parameter." },
      },
    },
  },
  ({ options, rng, service }) => new RejectionFilter(options, service<OperatorTable>(RunOperatorTable), service<TrainingSetup>(TrainingSetup), rng),
);
