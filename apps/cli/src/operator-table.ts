import type { Operator } from '@recsearch/core';
import { OperatorTable, type ClampMode } from '@recsearch/expr';
import { loadConfig, registryWith } from './environment';

/**
 * The operator table a user sees: built-ins, operators from installed plugins, and (with a
 * config) the composites its `operators` section defines and its plugins' operators.
 */
export async function operatorTableFor(configFile: string | undefined, clamp: ClampMode = 'paper'): Promise<OperatorTable> {
  if (!configFile) {
    const registry = await registryWith([], process.cwd());
    return OperatorTable.create({ clamp, operators: registry.contributions<Operator>('operators') });
  }
  const { config, registry, file } = await loadConfig(configFile);
  return OperatorTable.create({ clamp, operators: registry.contributions<Operator>('operators'), composites: config.operators, file });
}
