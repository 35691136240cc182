import { dirname, resolve } from 'node:path';
import {
  ConfigError,
  ConfigSource,
  deepMerge,
  loadRawConfig,
  validateConfig,
  type ConfigProblem,
  type JsonSchema,
  type PluginRegistry,
  type ResolvedConfig,
} from '@recsearch/core';
import { loadConfigDocument } from '../environment';

/** A bake-off: every arm (a partial config over `base`) run once per seed under the same budget. */
export interface CompareConfig {
  name: string;
  description?: string;
  /** The run config every arm extends, relative to the compare config. */
  base: string;
  seeds: number[];
  /** Merged into every arm's `budget`. */
  budget?: Record<string, unknown>;
  arms: Array<{ name: string; description?: string; overrides: Record<string, unknown> }>;
  /** The arm the Wilcoxon tests compare every other arm against; none: every pair. */
  reference?: string;
  /** The test metric the tests pair by seed (default: the validation metric, auc or ndcg@10). */
  metric?: string;
}

const NAME = { type: 'string', pattern: '^[A-Za-z0-9._-]+$' };

export const compareConfigSchema: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'recsearch compare configuration',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'base', 'seeds', 'arms'],
  properties: {
    $schema: { type: 'string' },
    name: { ...NAME, description: 'The compare folder is <runsDir>/<time>-<name>.' },
    description: { type: 'string' },
    base: { type: 'string', minLength: 1, description: 'Run config every arm extends (relative to this file).' },
    seeds: { type: 'array', items: { type: 'integer' }, minItems: 1, uniqueItems: true, description: 'Each arm runs once per seed.' },
    budget: { type: 'object', description: 'Merged into every arm\'s budget (e.g. trainedEpochs, for a fair bake-off).' },
    metric: { type: 'string', minLength: 1, description: 'Test metric the Wilcoxon tests pair by seed.' },
    reference: { type: 'string', description: 'The arm every other arm is tested against (default: every pair).' },
    arms: {
      type: 'array',
      minItems: 2,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: NAME,
          description: { type: 'string' },
          overrides: { type: 'object', default: {}, description: 'A partial config merged over the base the way `extends` merges.' },
        },
      },
    },
  },
};

export type ChildKind = 'search' | 'training';

/** One arm's config, resolved and validated; children differ from it by their seed only. */
export interface ResolvedArm {
  name: string;
  kind: ChildKind;
  config: ResolvedConfig;
  registry: PluginRegistry;
}

export interface LoadedCompare {
  file: string;
  config: CompareConfig;
  baseFile: string;
  arms: ResolvedArm[];
}

/** Problems found in the in-memory arm document point back at the arm in the compare file. */
function relocate(problems: readonly ConfigProblem[], armSource: string, compare: ConfigSource, arm: number, overrides: unknown): ConfigProblem[] {
  return problems.map((problem) => {
    if (problem.file !== armSource) return problem;
    const path = (problem.jsonPath ?? '/').split('/').filter(Boolean);
    const inBudget = path[0] === 'budget' && !(isObject(overrides) && isObject(overrides['budget']) && path[1] && path[1] in overrides['budget']);
    const within = inBudget ? path : ['arms', String(arm), 'overrides', ...path];
    return { ...problem, ...compare.locate(within), jsonPath: `/${within.join('/')}` };
  });
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

async function resolveArm(loaded: { file: string; config: CompareConfig; source: ConfigSource; baseFile: string }, index: number): Promise<ResolvedArm> {
  const arm = loaded.config.arms[index];
  const raw = loadRawConfig(loaded.baseFile);
  const armSource = `${loaded.file} /arms/${index}/overrides`;
  const merged = deepMerge(deepMerge(raw.value, arm.overrides), loaded.config.budget ? { budget: loaded.config.budget } : {}) as Record<string, unknown>;
  const overrides = deepMerge(arm.overrides, loaded.config.budget ? { budget: loaded.config.budget } : {});
  const sources = [...raw.sources, ConfigSource.synthetic(armSource, overrides)];
  try {
    const { config, registry } = await loadConfigDocument({ value: merged, sources, file: raw.file });
    return { name: arm.name, kind: config.search ? 'search' : 'training', config, registry };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(relocate(error.problems, armSource, loaded.source, index, arm.overrides), `invalid arm ${arm.name} of ${loaded.file}`);
  }
}

/** Reads and validates a compare config and every arm's config; nothing is written. */
export async function loadCompareConfig(file: string): Promise<LoadedCompare> {
  const path = resolve(file);
  const source = ConfigSource.read(path);
  const config = validateConfig({ value: source.value as Record<string, unknown>, sources: [source], file: path }, compareConfigSchema) as unknown as CompareConfig;
  const problems: ConfigProblem[] = [];
  const names = config.arms.map((arm) => arm.name);
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i) problems.push({ ...source.locate(['arms', i, 'name']), jsonPath: `/arms/${i}/name`, message: `arm name ${name} is used twice` });
  });
  if (config.reference !== undefined && !names.includes(config.reference)) {
    problems.push({ ...source.locate(['reference']), jsonPath: '/reference', message: `must name an arm (${names.join(', ')})`, found: config.reference });
  }
  const baseFile = resolve(dirname(path), config.base);
  try {
    ConfigSource.read(baseFile);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push({ ...source.locate(['base']), jsonPath: '/base', message: `cannot read the base config ${baseFile}: ${error.problems.map((problem) => problem.message).join('; ')}`, found: config.base });
  }
  if (problems.length) throw new ConfigError(problems, `invalid compare configuration ${path}`);
  const loaded = { file: path, config, source, baseFile };
  const arms: ResolvedArm[] = [];
  for (let i = 0; i < config.arms.length; i++) arms.push(await resolveArm(loaded, i));
  return { file: path, config, baseFile, arms };
}

/** The child's config: the arm's, with its seed and the compare folder as its runs folder. */
export function childConfig(arm: ResolvedArm, seed: number, compareDir: string): ResolvedConfig & { name: string } {
  const config = structuredClone(arm.config);
  return { ...config, seed, name: `${arm.name}-seed${seed}`, output: { ...config.output, runsDir: compareDir } };
}
