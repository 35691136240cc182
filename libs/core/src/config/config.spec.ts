import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerModule } from 'inversify';
import { ConfigError } from '../errors';
import type { LoadedPlugin } from '../plugins/manifest';
import { composeSchema } from './compose-schema';
import { deepMerge, loadRawConfig, parseOverride } from './load-config';
import { validateConfig } from './validate-config';

const plugin = (kind: LoadedPlugin['manifest']['kind'], id: string, schema: Record<string, unknown>): LoadedPlugin => ({
  manifest: { id, kind, description: id, schema },
  containerModule: new ContainerModule(() => undefined),
  source: id,
});

const plugins = [
  plugin('search', 'grid', {
    type: 'object',
    additionalProperties: false,
    properties: { steps: { type: 'integer', minimum: 1, default: 5 }, scale: { enum: ['linear', 'log'], default: 'linear' } },
  }),
  plugin('search', 'other', { type: 'object', properties: { depth: { type: 'integer' } } }),
  plugin('evaluator', 'score', {
    type: 'object',
    additionalProperties: false,
    required: ['function'],
    properties: { function: { enum: ['sphere', 'ackley'] }, dimensions: { type: 'integer', default: 2 } },
  }),
];
const schema = composeSchema(plugins);

function files(contents: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'recsearch-config-'));
  for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
  return dir;
}

function problemsOf(run: () => unknown): ConfigError['problems'] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config loading and validation', () => {
  it('fills in defaults, including those of the plugin a section selects', () => {
    const dir = files({ 'c.json': JSON.stringify({ search: { type: 'grid' }, evaluators: [{ type: 'score', function: 'sphere' }] }) });
    const config = validateConfig(loadRawConfig(join(dir, 'c.json')), schema);
    expect(config).toMatchObject({
      seed: 1,
      plugins: [],
      search: { type: 'grid', steps: 5, scale: 'linear' },
      evaluators: [{ type: 'score', function: 'sphere', dimensions: 2 }],
      budget: { candidates: 100 },
      runner: { batchSize: 1, checkpointEverySteps: 1 },
      output: { runsDir: 'runs' },
    });
  });

  it('lists every mistake with its JSON path, expected shape, value found and file:line', () => {
    const text = [
      '{',
      '  "seed": "seven",',
      '  "search": { "type": "grid", "steps": 0 },',
      '  "evaluators": [',
      '    { "type": "score", "function": "rosenbrock" }',
      '  ]',
      '}',
    ].join('\n');
    const dir = files({ 'bad.json': text });
    const problems = problemsOf(() => validateConfig(loadRawConfig(join(dir, 'bad.json')), schema));
    expect(problems.map((p) => [p.jsonPath, p.line, p.found])).toEqual([
      ['/seed', 2, 'seven'],
      ['/search/steps', 3, 0],
      ['/evaluators/0/function', 5, 'rosenbrock'],
    ]);
    expect(problems[0].message).toMatch(/integer/);
    expect(problems[2].message).toMatch(/"sphere", "ackley"/);
    expect(problems.every((p) => p.file === join(dir, 'bad.json'))).toBe(true);
  });

  it('reports unknown options and unknown plugin ids', () => {
    const dir = files({ 'c.json': JSON.stringify({ serach: {}, evaluators: [{ type: 'nope' }] }) });
    const problems = problemsOf(() => validateConfig(loadRawConfig(join(dir, 'c.json')), schema));
    expect(problems.map((p) => `${p.jsonPath} ${p.message}`)).toEqual(
      expect.arrayContaining([
        '/serach is not a known option here',
        expect.stringMatching(/^\/evaluators\/0\/type must be one of "score"/),
      ]),
    );
  });

  it('builds on `extends` (objects merge, arrays replace) and blames the file a mistake is in', () => {
    const dir = files({
      'base.json': JSON.stringify({ seed: 3, search: { type: 'grid', steps: 4 }, evaluators: [{ type: 'score', function: 'sphere' }] }, null, 2),
      'child.json': '{\n  "extends": "./base.json",\n  "search": { "scale": "cubic" }\n}',
    });
    const raw = loadRawConfig(join(dir, 'child.json'));
    expect(raw.value).toEqual({ seed: 3, search: { type: 'grid', steps: 4, scale: 'cubic' }, evaluators: [{ type: 'score', function: 'sphere' }] });
    const [problem] = problemsOf(() => validateConfig(raw, schema));
    expect(problem).toMatchObject({ jsonPath: '/search/scale', file: join(dir, 'child.json'), line: 3 });
  });

  it('refuses an extends cycle and names it', () => {
    const dir = files({ 'a.json': '{"extends": "./b.json"}', 'b.json': '{"extends": "./a.json"}' });
    expect(() => loadRawConfig(join(dir, 'a.json'))).toThrow(/extends cycle: .*a\.json → .*b\.json → .*a\.json/);
  });

  it('points a JSON syntax error at its line and column', () => {
    const dir = files({ 'c.json': '{\n  "seed": 1,\n  "search": { "type": "grid" }\n  "evaluators": []\n}' });
    const [problem] = problemsOf(() => loadRawConfig(join(dir, 'c.json')));
    expect(problem).toMatchObject({ line: 4, column: 3 });
    expect(problem.message).toMatch(/invalid JSON: CommaExpected/);
  });

  it('says when the file is missing', () => {
    expect(() => loadRawConfig('/no/such/config.json')).toThrow(/\/no\/such\/config\.json: file not found/);
  });

  it('applies --set overrides as JSON values (or strings) and validates them the same way', () => {
    const dir = files({ 'c.json': JSON.stringify({ search: { type: 'grid' }, evaluators: [{ type: 'score', function: 'sphere' }] }) });
    const raw = loadRawConfig(join(dir, 'c.json'), ['search.steps=9', 'evaluators.0.function=ackley', 'name=my-run']);
    expect(validateConfig(raw, schema)).toMatchObject({ name: 'my-run', search: { steps: 9 }, evaluators: [{ function: 'ackley' }] });
    const [problem] = problemsOf(() => validateConfig(loadRawConfig(join(dir, 'c.json'), ['search.steps=-1']), schema));
    expect(problem).toMatchObject({ jsonPath: '/search/steps', file: '--set search.steps=-1', found: -1 });
    expect(problem.line).toBeUndefined();
  });

  it('parses overrides and rejects malformed ones', () => {
    expect(parseOverride('a.b=[1,2]')).toEqual({ path: ['a', 'b'], value: [1, 2] });
    expect(parseOverride('a=hello world')).toEqual({ path: ['a'], value: 'hello world' });
    expect(() => parseOverride('novalue')).toThrow(ConfigError);
    expect(() => parseOverride('a..b=1')).toThrow(ConfigError);
  });

  it('replaces a plugin section whose type changes instead of merging options that belong to another plugin', () => {
    expect(deepMerge({ dataset: { type: 'movielens', variant: '1m', path: 'x' } }, { dataset: { type: 'amazon', path: 'y' } })).toEqual({ dataset: { type: 'amazon', path: 'y' } });
    expect(deepMerge({ dataset: { type: 'movielens', variant: '1m' } }, { dataset: { type: 'movielens', path: 'y' } })).toEqual({ dataset: { type: 'movielens', variant: '1m', path: 'y' } });
  });

  it('merges deeply without touching its inputs', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 1 };
    expect(deepMerge(base, { a: { c: [3] }, e: 2 })).toEqual({ a: { b: 1, c: [3] }, d: 1, e: 2 });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 1 });
  });

  it('composes a deterministic schema that only offers sections with installed plugins', () => {
    expect(JSON.stringify(composeSchema([...plugins].reverse()))).toBe(JSON.stringify(schema));
    const properties = schema['properties'] as Record<string, unknown>;
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(['search', 'evaluators']));
    expect(properties['model']).toBeUndefined();
  });
});
