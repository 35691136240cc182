import type { EventBus, Operator, PluginRegistry, ResolvedConfig, RngStreams, RunInfo } from '@recsearch/core';
import { OperatorTable, RunOperatorTable, type ClampMode } from '@recsearch/expr';
import { buildTrainingSetup, TrainingSetup } from '@recsearch/training';

/** The `expressions` section: how the loss language behaves in this run. */
export const expressionsSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'Semantics of the loss-expression language in this run.',
  properties: { clamp: { enum: ['paper', 'reference-code'], default: 'paper', description: "AutoLossGen operators' clamping." } },
} as const;

/**
 * The services a run's components may ask for: the operator table (always) and, when the
 * config names a dataset or a model, the loaded and split data with its model factory.
 */
export async function runServices(
  config: ResolvedConfig,
  env: { registry: PluginRegistry; bus: EventBus; run: RunInfo },
  streams: RngStreams,
  configFile?: string,
): Promise<Map<symbol, unknown>> {
  const { clamp } = (config['expressions'] ?? {}) as { clamp?: ClampMode };
  const table = OperatorTable.create({
    clamp,
    operators: env.registry.contributions<Operator>('operators'),
    composites: config.operators,
    file: configFile,
  });
  const services = new Map<symbol, unknown>([[RunOperatorTable, table]]);
  if (config.dataset || config.model) services.set(TrainingSetup, await buildTrainingSetup(config, env, streams));
  return services;
}
