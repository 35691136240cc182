import type { Evaluator } from '../contracts/evaluator';
import type { SearchStrategy } from '../contracts/search-strategy';
import type { ResolvedConfig } from '../config/resolved-config';
import { ConfigError, PluginError, RecsearchError } from '../errors';
import type { EventBus } from '../events/bus';
import type { RunInfo } from '../plugins/component';
import type { PluginKind } from '../plugins/manifest';
import type { PluginRegistry } from '../plugins/registry';
import { RngStreams } from '../rng/rng-streams';
import type { RunnerParts } from './runner';

export interface RunEnvironment {
  registry: PluginRegistry;
  bus: EventBus;
  run: RunInfo;
}

/** Builds one component; an error its constructor raises points at its config section. */
function build<T>(env: RunEnvironment, streams: RngStreams, kind: PluginKind, jsonPath: string, section: ResolvedConfig['search']): T {
  try {
    return env.registry.create<T>(kind, section, { bus: env.bus, rng: streams.stream(jsonPath), run: env.run });
  } catch (error) {
    if (error instanceof RecsearchError && !(error instanceof PluginError)) throw error;
    throw new ConfigError([{ jsonPath, message: `${section.type}: ${(error as Error).message}` }]);
  }
}

/** Turns a validated config into what the runner steps: the strategy and the evaluator pipeline. */
export function assembleRun(config: ResolvedConfig, env: RunEnvironment, saveCheckpoint?: RunnerParts['saveCheckpoint']): RunnerParts {
  const streams = new RngStreams(config.seed);
  const stageIds = config.evaluators.map((section, i, all) =>
    all.filter((other) => other.type === section.type).length > 1 ? `${section.type}#${i}` : section.type,
  );
  return {
    name: env.run.name,
    seed: config.seed,
    bus: env.bus,
    streams,
    strategyId: config.search.type,
    strategy: build<SearchStrategy>(env, streams, 'search', '/search', config.search),
    stages: config.evaluators.map((section, i) => ({
      id: stageIds[i],
      evaluator: build<Evaluator>(env, streams, 'evaluator', `/evaluators/${i}`, section),
    })),
    budget: config.budget,
    runner: config.runner,
    saveCheckpoint,
  };
}
