import { pluginKinds, SUB_SECTION, type JsonSchema, type LoadedPlugin, type PluginKind } from '../plugins/manifest';

export const SCHEMA_ID = 'https://recsearch.dev/schema/recsearch.schema.json';

/** The part of the config the runtime itself reads; plugin sections are composed in below. */
const coreProperties: Record<string, JsonSchema> = {
  $schema: { type: 'string', description: 'Path of this schema, for editors.' },
  name: { type: 'string', pattern: '^[A-Za-z0-9._-]+$', description: 'Run name; the run folder is runs/<time>-<name>.' },
  description: { type: 'string' },
  seed: { type: 'integer', default: 1, description: 'The one seed; every component gets its own stream from it.' },
  plugins: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    default: [],
    description: 'Plugins to load besides the installed ones: paths (relative to this file) or package names.',
  },
  operators: {
    type: 'array',
    default: [],
    description: 'Composite operators defined by a formula over existing operators.',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'params', 'formula'],
      properties: {
        name: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
        params: { type: 'array', items: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' }, minItems: 1 },
        formula: { type: 'string', minLength: 1 },
        description: { type: 'string' },
      },
    },
  },
  budget: {
    type: 'object',
    additionalProperties: false,
    default: {},
    properties: {
      candidates: { type: 'integer', minimum: 1, default: 100, description: 'Candidates proposed and evaluated.' },
      evaluations: { type: 'integer', minimum: 1, description: 'Evaluator stages run (all candidates).' },
      wallTimeSeconds: { type: 'number', exclusiveMinimum: 0, description: 'Stop after this long (not reproducible).' },
      trainedEpochs: { type: 'number', exclusiveMinimum: 0, description: 'Stop once the evaluators have trained this many epochs in all (fair across strategies: one reward-filter candidate costs one).' },
    },
  },
  runner: {
    type: 'object',
    additionalProperties: false,
    default: {},
    properties: {
      batchSize: { type: 'integer', minimum: 1, default: 1, description: 'Candidates asked for at once.' },
      checkpointEverySteps: { type: 'integer', minimum: 1, default: 1, description: 'Steps (ask/tell rounds) between checkpoints.' },
    },
  },
  output: {
    type: 'object',
    additionalProperties: false,
    default: {},
    properties: { runsDir: { type: 'string', default: 'runs', description: 'Where run folders go (relative to the working directory).' } },
  },
};

const subSections = (schema: JsonSchema) => Object.entries((schema['properties'] as Record<string, JsonSchema>) ?? {}).filter(([, option]) => SUB_SECTION in option);

/**
 * `{ type, ...options }` for one kind: `type` picks the plugin whose schema checks the rest. An
 * option that is itself a section (`SUB_SECTION`) is checked as one, by plugins without such
 * options (deeper nesting is checked when the component is built).
 */
function sectionSchema(kind: PluginKind, plugins: readonly LoadedPlugin[], nested = false): JsonSchema {
  const ofKind = plugins.filter((plugin) => plugin.manifest.kind === kind && !(nested && subSections(plugin.manifest.schema).length > 0));
  const optionsOf = (schema: JsonSchema): JsonSchema => ({
    ...((schema['properties'] as JsonSchema) ?? {}),
    ...Object.fromEntries(subSections(schema).map(([name, { [SUB_SECTION]: subKind, ...option }]) => [name, { ...option, ...sectionSchema(subKind as PluginKind, plugins, true) }])),
  });
  return {
    type: 'object',
    required: ['type'],
    properties: { type: { enum: ofKind.map((plugin) => plugin.manifest.id), description: `A ${kind} plugin id.` } },
    allOf: ofKind.map(({ manifest }) => ({
      if: { properties: { type: { const: manifest.id } }, required: ['type'] },
      then: {
        ...manifest.schema,
        description: manifest.description,
        properties: { type: { const: manifest.id }, ...optionsOf(manifest.schema) },
      },
    })),
  };
}

/**
 * The whole config schema for the given plugins, plus sections owned by libraries (e.g. the
 * training pipeline's `data` and `training`). Deterministic, so it can be checked in.
 */
export function composeSchema(plugins: readonly LoadedPlugin[], librarySections: Record<string, JsonSchema> = {}): JsonSchema {
  const sorted = [...plugins].sort((a, b) => a.manifest.id.localeCompare(b.manifest.id));
  const sections: Record<string, JsonSchema> = {};
  for (const kind of Object.keys(pluginKinds) as PluginKind[]) {
    const { section, list } = pluginKinds[kind];
    if (!section || !sorted.some((plugin) => plugin.manifest.kind === kind)) continue;
    const one = sectionSchema(kind, sorted);
    sections[section] = list ? { type: 'array', minItems: 1, items: one } : one;
  }
  if (sections['evaluators']) {
    const { default: _default, ...budget } = coreProperties['budget'];
    sections['phases'] = {
      type: 'array',
      description: 'Phases after the search: each evaluates the earlier phase\'s passed candidates, best first (the first entry is the search itself).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1 },
          evaluators: sections['evaluators'],
          budget,
          include: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: 'Candidates evaluated after the survivors, e.g. the baselines mse, bce, hinge, focal (named losses or expressions).',
          },
        },
      },
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'recsearch configuration',
    type: 'object',
    additionalProperties: false,
    properties: {
      ...coreProperties,
      extends: { type: 'string', description: 'Another config this one builds on.' },
      ...sections,
      ...librarySections,
    },
  };
}
