import { Container } from 'inversify';
import type { EventBus } from '../events/bus';
import { PluginError } from '../errors';
import type { Rng } from '../rng/rng';
import { ComponentOptions, ComponentRng, RunBus, RunInfo } from './component';
import { pluginKinds, type LoadedPlugin, type PluginKind } from './manifest';

export interface ComponentScope {
  bus: EventBus;
  rng: Rng;
  run: RunInfo;
  /** Run-level services (e.g. the training setup) a component may ask for by token. */
  services?: ReadonlyMap<symbol, unknown>;
}

/**
 * The plugins of one process, each bound into one root container under its kind's token,
 * named by its id. A component is built in a child container that supplies its options,
 * its random stream, the bus and the run's facts.
 */
export class PluginRegistry {
  private readonly root = new Container();
  private readonly plugins = new Map<string, LoadedPlugin>();

  static async of(plugins: readonly LoadedPlugin[]): Promise<PluginRegistry> {
    const registry = new PluginRegistry();
    for (const plugin of plugins) await registry.add(plugin);
    return registry;
  }

  async add(plugin: LoadedPlugin): Promise<void> {
    const { id, kind } = plugin.manifest;
    const key = `${kind}/${id}`;
    const existing = this.plugins.get(key);
    if (existing) {
      if (existing.source === plugin.source) return;
      throw new PluginError(plugin.source, `${kind} plugin id "${id}" is already provided by ${existing.source}`);
    }
    try {
      await this.root.load(plugin.containerModule);
    } catch (error) {
      throw new PluginError(plugin.source, `its container module failed to load: ${(error as Error).message}`);
    }
    if (!this.root.isBound(pluginKinds[kind].token, { name: id })) {
      throw new PluginError(plugin.source, `its module binds nothing under the ${kind} token named "${id}"`);
    }
    this.plugins.set(key, plugin);
  }

  list(kind?: PluginKind): LoadedPlugin[] {
    return [...this.plugins.values()]
      .filter((plugin) => !kind || plugin.manifest.kind === kind)
      .sort((a, b) => a.manifest.kind.localeCompare(b.manifest.kind) || a.manifest.id.localeCompare(b.manifest.id));
  }

  find(kind: PluginKind, id: string): LoadedPlugin | undefined {
    return this.plugins.get(`${kind}/${id}`);
  }

  /** Builds the component a validated config section `{ type, ...options }` selects. */
  create<T>(kind: PluginKind, section: { type: string } & Record<string, unknown>, scope: ComponentScope): T {
    const { type, ...options } = section;
    if (!this.find(kind, type)) throw new PluginError(type, `no ${kind} plugin has the id "${type}"`);
    const child = new Container({ parent: this.root });
    child.bind(ComponentOptions).toConstantValue(options);
    child.bind(ComponentRng).toConstantValue(scope.rng);
    child.bind(RunBus).toConstantValue(scope.bus);
    child.bind(RunInfo).toConstantValue(scope.run);
    for (const [token, service] of scope.services ?? []) child.bind(token).toConstantValue(service);
    return child.get<T>(pluginKinds[kind].token, { name: type });
  }

  /** Every value bound under a contribution kind (e.g. all operator records). */
  contributions<T>(kind: PluginKind): T[] {
    return this.list(kind).flatMap((plugin) =>
      this.root.getAll<T>(pluginKinds[kind].token, { name: plugin.manifest.id }),
    );
  }
}
