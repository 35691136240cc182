import { ContainerModule } from 'inversify';
import { RecsearchError } from '../errors';
import type { EventBus } from '../events/bus';
import type { Rng } from '../rng/rng';
import { ComponentOptions, ComponentRng, RunBus, RunInfo, SubComponents, type SubComponentBuilder } from './component';
import { pluginKinds, type PluginExports, type PluginKind, type PluginManifest } from './manifest';

/** What a component gets when it is built: its options, its random stream, the bus, the run. */
export interface ComponentContext<Options> {
  options: Options;
  rng: Rng;
  bus: EventBus;
  run: RunInfo;
  /** A run-level service by its token; a clear error when the run does not provide it. */
  service<T>(token: symbol): T;
  /** A run-level service by its token, if the run provides it. */
  optionalService<T>(token: symbol): T | undefined;
  /**
   * Builds the plugin a section of this component's options selects (e.g. a hybrid's
   * `controller`), as the run builds top-level components: options checked against that
   * plugin's schema (problems at `<this path>/<name>/…`), its own random stream
   * `<this path>/<name>` of the run's streams, the same bus, run and services.
   */
  component<T>(kind: PluginKind, section: { type: string } & Record<string, unknown>, name: string): T;
}

/**
 * The usual plugin: a manifest and a factory. Returns the package's exports, with a
 * ContainerModule that binds the factory under the kind's token, named by the plugin id.
 */
export function definePlugin<Options, T>(manifest: PluginManifest, create: (context: ComponentContext<Options>) => T): PluginExports {
  const containerModule = new ContainerModule(({ bind }) => {
    bind<T>(pluginKinds[manifest.kind].token)
      .toDynamicValue((context) =>
        create({
          options: context.get<Options>(ComponentOptions),
          rng: context.get<Rng>(ComponentRng),
          bus: context.get<EventBus>(RunBus),
          run: context.get<RunInfo>(RunInfo),
          service: <S>(token: symbol) => {
            const found = context.get<S>(token, { optional: true });
            if (found === undefined) {
              throw new RecsearchError(`${manifest.kind} ${manifest.id} needs ${token.description ?? 'a service'}, which this run does not provide`);
            }
            return found;
          },
          optionalService: <S>(token: symbol) => context.get<S>(token, { optional: true }),
          component: <C>(kind: PluginKind, section: { type: string } & Record<string, unknown>, name: string) =>
            context.get<SubComponentBuilder>(SubComponents)<C>(kind, section, name),
        }),
      )
      .whenNamed(manifest.id);
  });
  return { manifest, containerModule };
}
