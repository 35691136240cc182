import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSchema } from '../config/compose-schema';
import { loadRawConfig } from '../config/load-config';
import { validateConfig } from '../config/validate-config';
import { ConfigError, RecsearchError } from '../errors';
import { EventBus } from '../events/bus';
import { Rng } from '../rng/rng';
import { RngStreams } from '../rng/rng-streams';
import { definePlugin, type ComponentContext } from './define-plugin';
import { subSectionSchema } from './manifest';
import { PluginRegistry, type ComponentScope } from './registry';

/** A leaf component: what it was built with. */
interface Leaf {
  options: unknown;
  rng: Rng;
  service: unknown;
}

const SERVICE = Symbol('test.service');
const leaf = definePlugin<unknown, Leaf>(
  {
    id: 'leaf',
    kind: 'search',
    description: 'a leaf',
    schema: { type: 'object', additionalProperties: false, properties: { size: { type: 'integer', minimum: 1, default: 3 }, name: { type: 'string' } } },
  },
  ({ options, rng, optionalService }) => ({ options, rng, service: optionalService(SERVICE) }),
);

/** A component made of two sub-components, as a hybrid strategy is. */
interface Pair {
  left: Leaf;
  right: Leaf;
}
type PairOptions = { left: { type: string } & Record<string, unknown>; right: { type: string } & Record<string, unknown> };
const pair = definePlugin<PairOptions, Pair>(
  {
    id: 'pair',
    kind: 'search',
    description: 'two leaves',
    schema: { type: 'object', properties: { left: subSectionSchema('search', 'leaf', 'the left one'), right: subSectionSchema('search', 'leaf', 'the right one') } },
  },
  ({ options, component }: ComponentContext<PairOptions>) => ({
    left: component<Leaf>('search', options.left, 'left'),
    right: component<Leaf>('search', options.right, 'right'),
  }),
);

const run = { runId: 'r', name: 'r', seed: 5, configDir: '.' };
async function build(section: Record<string, unknown>, scope: Partial<ComponentScope> = {}): Promise<Pair> {
  const registry = await PluginRegistry.of([leaf, pair].map((plugin) => ({ ...plugin, source: `test:${plugin.manifest.id}` })));
  const streams = new RngStreams(5);
  return registry.create<Pair>('search', { type: 'pair', ...section }, { bus: new EventBus({ runId: 'r' }), rng: streams.stream('/search'), run, streams, path: '/search', ...scope });
}

function problemsOf(action: () => Promise<unknown>): Promise<unknown> {
  return action().then(
    () => undefined,
    (error: unknown) => (error instanceof ConfigError ? error.problems : error),
  );
}

describe('sub-components', () => {
  it('are built with their options checked and defaulted by their own schema', async () => {
    const built = await build({ left: { type: 'leaf' }, right: { type: 'leaf', size: 7, name: 'r' } });
    expect(built.left.options).toEqual({ size: 3 });
    expect(built.right.options).toEqual({ size: 7, name: 'r' });
  });

  it('draw from the stream <parent path>/<name> of the run\'s streams, which checkpoints cover', async () => {
    const streams = new RngStreams(5);
    const built = await build({ left: { type: 'leaf' }, right: { type: 'leaf' } }, { streams });
    const expected = new RngStreams(5).stream('/search/left').float();
    expect(built.left.rng.float()).toBe(expected);
    expect(Object.keys(streams.snapshot()).sort()).toEqual(['/search/left', '/search/right']);
    expect(built.right.rng.float()).not.toBe(expected);
  });

  it('see the run\'s services', async () => {
    const built = await build({ left: { type: 'leaf' }, right: { type: 'leaf' } }, { services: new Map([[SERVICE, 'table']]) });
    expect(built.left.service).toBe('table');
  });

  it('report bad options as config problems at their JSON path', async () => {
    const problems = await problemsOf(() => build({ left: { type: 'leaf', sizes: 2 }, right: { type: 'leaf', size: 0 } }));
    expect(problems).toEqual([{ jsonPath: '/search/left/sizes', message: 'is not a known option here', found: 2 }]);
    expect(await problemsOf(() => build({ left: { type: 'leaf' }, right: { type: 'leaf', size: 0 } }))).toEqual([
      { jsonPath: '/search/right/size', message: 'must be >= 1', expected: 'minimum', found: 0 },
    ]);
    expect(await problemsOf(() => build({ left: { type: 'twig' }, right: { type: 'leaf' } }))).toEqual([
      { jsonPath: '/search/left/type', message: 'must be one of "leaf", "pair"', found: 'twig' },
    ]);
  });

  it('need the run\'s streams: a component built without them says so', async () => {
    const error = await problemsOf(() => build({ left: { type: 'leaf' }, right: { type: 'leaf' } }, { streams: undefined }));
    expect(error).toBeInstanceOf(RecsearchError);
    expect((error as Error).message).toMatch(/building search leaf at \/search\/left needs the run's random streams/);
  });

  it('are checked, and defaulted, with the whole config when its schema is composed', () => {
    const schema = composeSchema([leaf, pair].map((plugin) => ({ ...plugin, source: `test:${plugin.manifest.id}` })));
    const dir = mkdtempSync(join(tmpdir(), 'recsearch-sub-'));
    const write = (name: string, search: unknown) => {
      writeFileSync(join(dir, name), JSON.stringify({ search }, null, 2));
      return loadRawConfig(join(dir, name));
    };
    expect(validateConfig(write('ok.json', { type: 'pair', right: { type: 'leaf', size: 2 } }), schema).search).toEqual({
      type: 'pair',
      left: { type: 'leaf', size: 3 },
      right: { type: 'leaf', size: 2 },
    });
    let problems: unknown;
    try {
      validateConfig(write('bad.json', { type: 'pair', left: { type: 'leaf', sizes: 2 }, right: { type: 'pair' } }), schema);
    } catch (error) {
      problems = (error as ConfigError).problems.map(({ jsonPath, message, line }) => ({ jsonPath, message, line }));
    }
    // A composite inside a composite is left to the build.
    expect(problems).toEqual([
      { jsonPath: '/search/left/sizes', message: 'is not a known option here', line: 6 },
      { jsonPath: '/search/right/type', message: 'must be one of "leaf"', line: 9 },
    ]);
  });
});
