import type { ContainerModule } from 'inversify';
import { DatasetSource } from '../contracts/dataset-source';
import { Evaluator } from '../contracts/evaluator';
import { Metric } from '../contracts/metric';
import { Operator } from '../contracts/operator';
import { RecommenderFactory } from '../contracts/recommender';
import { SearchStrategy } from '../contracts/search-strategy';

/** A JSON schema object (draft 2020-12 subset that ajv understands). */
export type JsonSchema = Record<string, unknown>;

/**
 * Each kind: the token its plugins bind under (named by plugin id), and the config section
 * that selects one (`{ "type": "<id>", ... }`), or a list of them for pipelines.
 */
export const pluginKinds = {
  search: { token: SearchStrategy, section: 'search', list: false },
  evaluator: { token: Evaluator, section: 'evaluators', list: true },
  model: { token: RecommenderFactory, section: 'model', list: false },
  dataset: { token: DatasetSource, section: 'dataset', list: false },
  operators: { token: Operator, section: undefined, list: true },
  metric: { token: Metric, section: undefined, list: true },
} as const;

export type PluginKind = keyof typeof pluginKinds;
export const isPluginKind = (kind: unknown): kind is PluginKind => typeof kind === 'string' && kind in pluginKinds;

/** Marks an option that is itself a config section of another plugin (value: its kind). */
export const SUB_SECTION = 'x-recsearch-section';

/**
 * The schema of an option that selects a plugin of `kind` (e.g. a hybrid's `controller`). The
 * composed config schema checks it against that plugin's schema; the component checks it again
 * when it builds it (with `ComponentContext.component`).
 */
export function subSectionSchema(kind: PluginKind, defaultType: string, description: string): JsonSchema {
  return {
    [SUB_SECTION]: kind,
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string', description: `A ${kind} plugin id.` } },
    default: { type: defaultType },
    description,
  };
}

export interface PluginManifest {
  /** Unique within its kind; what a config's `type` names. Lower-case words joined by dashes. */
  id: string;
  kind: PluginKind;
  /** One line, shown by `recsearch plugins`. */
  description: string;
  /** JSON schema of the plugin's options: the config section without its `type`. */
  schema: JsonSchema;
}

/** What a plugin package exports. */
export interface PluginExports {
  manifest: PluginManifest;
  /** Binds the implementation under the kind's token, named by `manifest.id`. */
  containerModule: ContainerModule;
}

export interface LoadedPlugin extends PluginExports {
  /** Where it came from: a package name or a file path. */
  source: string;
}
