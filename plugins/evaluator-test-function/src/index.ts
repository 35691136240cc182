import { definePlugin } from '@recsearch/core';
import { objectives } from './objectives';
import { TestFunctionEvaluator, type TestFunctionOptions } from './test-function-evaluator';

export * from './objectives';
export { TestFunctionEvaluator, type TestFunctionOptions };

export const { manifest, containerModule } = definePlugin<TestFunctionOptions, TestFunctionEvaluator>(
  {
    id: 'test-function',
    kind: 'evaluator',
    description: 'Benchmark objective (sphere, rosenbrock, rastrigin, ackley) of parameters x0…x(d-1); reward = −f(x).',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['function'],
      properties: {
        function: { enum: Object.keys(objectives), description: 'Which objective.' },
        dimensions: { type: 'integer', minimum: 1, default: 2 },
        prefix: { type: 'string', default: 'x', description: 'Parameter name prefix: x → x0, x1, …' },
      },
    },
  },
  ({ options }) => new TestFunctionEvaluator(options),
);
