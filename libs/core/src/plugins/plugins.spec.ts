import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../events/bus';
import { PluginError } from '../errors';
import { Rng } from '../rng/rng';
import { discoverInstalledPlugins, loadPlugin } from './loader';
import { PluginRegistry } from './registry';

const inversify = require.resolve('inversify');
const core = require.resolve('../index.ts');

/** A plugin written as plain JavaScript in a folder outside the workspace, as a user would. */
function pluginSource(id: string, kind: string, bindAs = id): string {
  return `
const { ContainerModule } = require(${JSON.stringify(inversify)});
const { SearchStrategy, ComponentOptions, ComponentRng } = require(${JSON.stringify(core)});
exports.manifest = { id: ${JSON.stringify(id)}, kind: ${JSON.stringify(kind)}, description: 'counts', schema: { type: 'object' } };
exports.containerModule = new ContainerModule(({ bind }) => {
  bind(SearchStrategy).toDynamicValue((ctx) => ({ options: ctx.get(ComponentOptions), rng: ctx.get(ComponentRng) })).whenNamed(${JSON.stringify(bindAs)});
});`;
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'recsearch-plugin-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const scope = () => ({ bus: new EventBus({ runId: 'r' }), rng: Rng.fromSeed(1), run: { runId: 'r', name: 'r', seed: 1, configDir: '.' } });

describe('plugin loading', () => {
  it('loads a plugin from a path and builds its component with its options and random stream', async () => {
    const dir = folder({ 'counter.js': pluginSource('counter', 'search') });
    const plugin = loadPlugin('./counter.js', dir);
    expect(plugin.manifest.id).toBe('counter');
    const registry = await PluginRegistry.of([plugin]);
    const component = registry.create<{ options: unknown; rng: Rng }>('search', { type: 'counter', steps: 3 }, scope());
    expect(component.options).toEqual({ steps: 3 });
    expect(component.rng).toBeInstanceOf(Rng);
    expect(registry.list('search').map((p) => p.manifest.id)).toEqual(['counter']);
  });

  it('names a plugin that cannot be found', () => {
    expect(() => loadPlugin('./missing.js', '/tmp')).toThrow(new PluginError('./missing.js', 'cannot be found (looked in /tmp/missing.js)'));
    expect(() => loadPlugin('recsearch-plugin-nowhere', '/tmp')).toThrow(/plugin recsearch-plugin-nowhere: cannot be found/);
  });

  it('names a plugin whose code throws while loading', () => {
    const dir = folder({ 'broken.js': 'throw new Error("syntax is fine but this is not")' });
    expect(() => loadPlugin('./broken.js', dir)).toThrow(/plugin \.\/broken\.js: failed to load .*broken\.js: syntax is fine but this is not/);
  });

  it('lists every problem of a malformed manifest', () => {
    const dir = folder({ 'bad.js': 'exports.manifest = { id: "Bad Id", kind: "wizard" };' });
    let message = '';
    try {
      loadPlugin('./bad.js', dir);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/manifest\.id must be lower-case/);
    expect(message).toMatch(/manifest\.kind is not a plugin kind \(found "wizard"\)/);
    expect(message).toMatch(/manifest\.description must be a string/);
    expect(message).toMatch(/exports no inversify `containerModule`/);
  });

  it('refuses a module that binds nothing under its id, and a second plugin with the same id', async () => {
    const dir = folder({ 'a.js': pluginSource('alpha', 'search', 'beta'), 'b.js': pluginSource('gamma', 'search'), 'c.js': pluginSource('gamma', 'search') });
    await expect(PluginRegistry.of([loadPlugin('./a.js', dir)])).rejects.toThrow(/binds nothing under the search token named "alpha"/);
    await expect(PluginRegistry.of([loadPlugin('./b.js', dir), loadPlugin('./c.js', dir)])).rejects.toThrow(
      /search plugin id "gamma" is already provided by \.\/b\.js/,
    );
  });

  it('says which id is unknown when building a component', async () => {
    const registry = await PluginRegistry.of([]);
    expect(() => registry.create('search', { type: 'nope' }, scope())).toThrow(/no search plugin has the id "nope"/);
  });

  it('discovers installed packages that declare themselves plugins, and only those', () => {
    const dir = folder({
      'node_modules/@recsearch/search-x/package.json': JSON.stringify({ name: '@recsearch/search-x', recsearch: { plugin: true } }),
      'node_modules/@recsearch/helper/package.json': JSON.stringify({ name: '@recsearch/helper' }),
      'node_modules/recsearch-plugin-y/package.json': JSON.stringify({ name: 'recsearch-plugin-y', recsearch: { plugin: true } }),
      'node_modules/unrelated/package.json': JSON.stringify({ name: 'unrelated', recsearch: { plugin: true } }),
      'project/sub/.keep': '',
    });
    const found = discoverInstalledPlugins(join(dir, 'project/sub'));
    expect(found).toContain('@recsearch/search-x');
    expect(found).toContain('recsearch-plugin-y');
    expect(found).not.toContain('@recsearch/helper');
    expect(found).not.toContain('unrelated');
  });
});
