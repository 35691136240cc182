import type { CandidateValue } from '../contracts/candidate';
import type { Evaluator } from '../contracts/evaluator';
import type { SearchStrategy } from '../contracts/search-strategy';
import type { PluginSection, ResolvedConfig } from '../config/resolved-config';
import { componentBuildError, ConfigError } from '../errors';
import type { EventBus } from '../events/bus';
import type { RunInfo } from '../plugins/component';
import type { PluginKind } from '../plugins/manifest';
import type { PluginRegistry } from '../plugins/registry';
import { RngStreams } from '../rng/rng-streams';
import type { PhasePlan } from './phased-run';
import type { RunnerParts } from './runner';
import { SurvivorList } from './survivor-list';

export interface RunEnvironment {
  registry: PluginRegistry;
  bus: EventBus;
  run: RunInfo;
  services?: ReadonlyMap<symbol, unknown>;
}

/** Builds one component; an error its constructor raises points at its config section. */
export function buildComponent<T>(env: RunEnvironment, streams: RngStreams, kind: PluginKind, jsonPath: string, section: PluginSection): T {
  try {
    return env.registry.create<T>(kind, section, { bus: env.bus, rng: streams.stream(jsonPath), run: env.run, services: env.services, streams, path: jsonPath });
  } catch (error) {
    throw componentBuildError(error, section.type, jsonPath);
  }
}

/**
 * The phases of a run: the config's own search, evaluators and budget first, then each entry
 * of `phases` after the first evaluating the earlier phase's survivors with its own evaluators.
 */
export function assemblePhases(
  config: ResolvedConfig,
  env: RunEnvironment,
  streams = new RngStreams(config.seed),
  /** Turns a phase's `include` entry into a candidate (e.g. a named loss into its expression). */
  included: (entry: string) => CandidateValue = (expression) => ({ kind: 'expression', expression }),
): PhasePlan[] {
  const phases = config.phases?.length ? config.phases : [{ name: 'search' }];
  return phases.map((phase, index): PhasePlan => ({
    name: phase.name,
    build: (given) => {
      if (index === 0) return assembleRun({ ...config, budget: phase.budget ?? config.budget }, env, undefined, streams);
      const evaluators = phase.evaluators ?? [];
      const survivors = (given ?? []).slice(0, phase.budget?.candidates ?? Infinity);
      const candidates = [...survivors, ...(phase.include ?? []).map(included)];
      const parts = assembleRun({ ...config, evaluators, budget: { ...phase.budget, candidates: Math.max(1, candidates.length) } }, env, undefined, streams, {
        strategy: new SurvivorList(candidates[0]?.kind ?? 'expression', candidates),
        strategyId: 'survivors',
        evaluatorPath: `/phases/${index}/evaluators`,
      });
      return parts;
    },
  }));
}

/** Turns a validated config into what the runner steps: the strategy and the evaluator pipeline. */
export function assembleRun(
  config: ResolvedConfig,
  env: RunEnvironment,
  saveCheckpoint?: RunnerParts['saveCheckpoint'],
  streams = new RngStreams(config.seed),
  given?: { strategy: SearchStrategy; strategyId: string; evaluatorPath: string },
): RunnerParts {
  const { search, evaluators } = config;
  const missing = [!search && !given && '/search', !evaluators && '/evaluators'].filter((path): path is string => Boolean(path));
  if ((!search && !given) || !evaluators) {
    throw new ConfigError(missing.map((jsonPath) => ({ jsonPath, message: 'is required to run a search' })));
  }
  const stageIds = evaluators.map((section, i, all) =>
    all.filter((other) => other.type === section.type).length > 1 ? `${section.type}#${i}` : section.type,
  );
  return {
    name: env.run.name,
    seed: config.seed,
    bus: env.bus,
    streams,
    strategyId: given?.strategyId ?? (search as PluginSection).type,
    strategy: given?.strategy ?? buildComponent<SearchStrategy>(env, streams, 'search', '/search', search as PluginSection),
    stages: evaluators.map((section, i) => ({
      id: stageIds[i],
      evaluator: buildComponent<Evaluator>(env, streams, 'evaluator', `${given?.evaluatorPath ?? '/evaluators'}/${i}`, section),
    })),
    budget: config.budget,
    runner: config.runner,
    saveCheckpoint,
  };
}
