import { Container } from 'inversify';
import type { EventBus } from '../events/bus';
import { componentBuildError, ConfigError, PluginError, RecsearchError } from '../errors';
import type { Rng } from '../rng/rng';
import type { RngStreams } from '../rng/rng-streams';
import { ComponentOptions, ComponentRng, RunBus, RunInfo, SubComponents, type SubComponentBuilder } from './component';
import { pluginKinds, type LoadedPlugin, type PluginKind } from './manifest';
import { sectionOptions } from './section-options';

export interface ComponentScope {
  bus: EventBus;
  rng: Rng;
  run: RunInfo;
  /** Run-level services (e.g. the training setup) a component may ask for by token. */
  services?: ReadonlyMap<symbol, unknown>;
  /** The run's random streams and the component's config path: needed to build sub-components. */
  streams?: RngStreams;
  path?: string;
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
    child.bind<SubComponentBuilder>(SubComponents).toConstantValue((subKind, subSection, name) => this.createPart(subKind, subSection, `${scope.path ?? ''}/${name}`, scope));
    return child.get<T>(pluginKinds[kind].token, { name: type });
  }

  /**
   * A sub-component at `path` of the config: its options checked by its own plugin's schema
   * (the parent's schema only says it is a section), its stream `path` of the run's streams.
   */
  private createPart<T>(kind: PluginKind, section: { type: string } & Record<string, unknown>, path: string, parent: ComponentScope): T {
    if (!parent.streams || parent.path === undefined) {
      throw new RecsearchError(`building ${kind} ${section.type} at ${path} needs the run's random streams, which this component was built without`);
    }
    const { type, ...options } = section;
    const plugin = typeof type === 'string' ? this.find(kind, type) : undefined;
    if (!plugin) {
      const ids = this.list(kind).map((known) => JSON.stringify(known.manifest.id)).join(', ');
      throw new ConfigError([{ jsonPath: `${path}/type`, message: `must be one of ${ids}`, found: type }]);
    }
    const checked = sectionOptions(plugin.manifest.schema, options, path);
    try {
      return this.create<T>(kind, { type, ...checked }, { ...parent, rng: parent.streams.stream(path), path });
    } catch (error) {
      throw componentBuildError(error, type, path);
    }
  }

  /** Every value bound under a contribution kind (e.g. all operator records). */
  contributions<T>(kind: PluginKind): T[] {
    return this.list(kind).flatMap((plugin) =>
      this.root.getAll<T>(pluginKinds[kind].token, { name: plugin.manifest.id }),
    );
  }
}
