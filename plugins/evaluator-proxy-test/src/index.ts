import { definePlugin } from '@recsearch/core';
import { RunOperatorTable, type OperatorTable } from '@recsearch/expr';
import { TrainingSetup } from '@recsearch/training';
import { ProxyTest, type ProxyTestOptions } from './proxy-test';

export { ProxyTest, type ProxyTestOptions };
export { ProbeGradient } from './probe-gradient';

export const { manifest, containerModule } = definePlugin<ProxyTestOptions, ProxyTest>(
  {
    id: 'proxy-test',
    kind: 'evaluator',
    description: 'AutoLossGen proxy test: zero-gradient and gradient-duplicate losses get a reward without training.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        batchSize: { type: 'integer', minimum: 1, default: 5, description: '|B|: rows of the fixed probe batch (paper: 5 for ML-100K).' },
        delta: { type: 'number', exclusiveMinimum: 0, default: 1e-4, description: 'δ: the zero and duplicate threshold (∞-norm).' },
        zeroGradientReward: { type: 'number', default: -1 },
        probe: { enum: ['model', 'predictions'], default: 'model', description: 'Gradient of the model parameters (paper) or of raw predictions (reference code).' },
        eps: { type: 'number', exclusiveMinimum: 0, default: 1e-6 },
      },
    },
  },
  ({ options, rng, bus, service }) =>
    new ProxyTest(options, service<OperatorTable>(RunOperatorTable), options.probe === 'model' ? service<TrainingSetup>(TrainingSetup) : undefined, rng, bus),
);
