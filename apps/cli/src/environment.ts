import { dirname, resolve } from 'node:path';
import {
  ConfigError,
  composeSchema,
  discoverInstalledPlugins,
  loadPlugin,
  loadRawConfig,
  PluginError,
  PluginRegistry,
  validateConfig,
  type JsonSchema,
  type LoadedPlugin,
  type Operator,
  type RawConfig,
  type ResolvedConfig,
} from '@recsearch/core';
import { OperatorTable } from '@recsearch/expr';
import { applyTrainingPreset, dataOptionsSchema, trainingOptionsSchema } from '@recsearch/training';
import { expressionsSchema } from './run-services';

const warned = new Set<string>();

/**
 * Every installed plugin (the workspace's and npm-installed `recsearch-plugin-*` packages). One
 * that fails to load is skipped with a warning naming it, so it cannot take every command down;
 * a plugin a config lists in `plugins` fails the run instead.
 */
export function installedPlugins(): LoadedPlugin[] {
  return discoverInstalledPlugins(__dirname).flatMap((name) => {
    try {
      return [loadPlugin(name, __dirname)];
    } catch (error) {
      if (!(error instanceof PluginError)) throw error;
      if (!warned.has(name)) process.stderr.write(`recsearch: warning: skipping installed ${error.message}\n`);
      warned.add(name);
      return [];
    }
  });
}

/** The config schema: the core's, every plugin's, and the training pipeline's sections. */
export function composedSchema(plugins: readonly LoadedPlugin[]): JsonSchema {
  return composeSchema(plugins, { data: dataOptionsSchema, training: trainingOptionsSchema, expressions: expressionsSchema });
}

/** Paths become absolute (relative to the config's folder) so a resumed run finds them anywhere. */
function absoluteSpecifier(specifier: string, configDir: string): string {
  return specifier.startsWith('.') ? resolve(configDir, specifier) : specifier;
}

export async function registryWith(extraPlugins: readonly string[], baseDir: string): Promise<PluginRegistry> {
  const extra = extraPlugins.map((specifier) => loadPlugin(specifier, baseDir));
  return PluginRegistry.of([...installedPlugins(), ...extra]);
}

/** A validated config document, with the plugins it lists and the schema it was checked against. */
export interface ValidatedDocument {
  config: ResolvedConfig;
  registry: PluginRegistry;
  schema: JsonSchema;
}

export interface LoadedConfig extends ValidatedDocument {
  file: string;
  name: string;
}

/**
 * Validates a merged config document: its training variant's preset applied, the plugins it
 * lists loaded (paths relative to its file made absolute), its composite operators checked.
 */
export async function loadConfigDocument(loaded: RawConfig): Promise<ValidatedDocument> {
  // A training variant's preset fills in its defaults before the schema fills in the rest.
  const raw = { ...loaded, value: applyTrainingPreset(loaded.value) };
  const configDir = dirname(raw.file);
  const declared = raw.value['plugins'] ?? [];
  if (!Array.isArray(declared) || declared.some((entry) => typeof entry !== 'string')) {
    throw new ConfigError([{ file: raw.file, jsonPath: '/plugins', message: 'must be an array of plugin paths or package names', found: declared }]);
  }
  const plugins = (declared as string[]).map((specifier) => absoluteSpecifier(specifier, configDir));
  const registry = await registryWith(plugins, configDir);
  const schema = composedSchema(registry.list());
  const config = validateConfig(raw, schema);
  // Composite operators are checked here too, so `validate` reports a bad formula.
  OperatorTable.create({ operators: registry.contributions<Operator>('operators'), composites: config.operators, file: raw.file });
  config.plugins = plugins;
  return { config, registry, schema };
}

/** Reads, extends, overrides and validates a config against the schema of the plugins it can see. */
export async function loadConfig(file: string, overrides: readonly string[] = []): Promise<LoadedConfig> {
  const raw = loadRawConfig(file, overrides);
  const { config, registry, schema } = await loadConfigDocument(raw);
  const name = config.name ?? raw.file.replace(/^.*\//, '').replace(/\.json$/, '');
  return { config, registry, schema, file: raw.file, name };
}
