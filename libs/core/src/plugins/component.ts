import type { Json } from '../contracts/candidate';
import type { PluginKind } from './manifest';

/** The validated config section of the component being built (defaults filled in, `type` removed). */
export const ComponentOptions = Symbol.for('recsearch.ComponentOptions');
/** The component's own random stream (an `Rng`), split from the run seed by the component's config path. */
export const ComponentRng = Symbol.for('recsearch.ComponentRng');
/** The run's `EventBus`. */
export const RunBus = Symbol.for('recsearch.RunBus');
/** Facts about the run a component may need: `RunInfo`. */
export const RunInfo = Symbol.for('recsearch.RunInfo');
export interface RunInfo {
  runId: string;
  name: string;
  seed: number;
  /** Folder of the config file, for resolving relative paths in options. */
  configDir: string;
}

export type ComponentOptionsOf<T> = T & Record<string, Json | undefined>;

/** Builds a sub-component of the component being built: `SubComponentBuilder`. */
export const SubComponents = Symbol.for('recsearch.SubComponents');
/**
 * Builds the plugin a config section `{ type, ...options }` inside the parent's section names
 * (its options validated and defaulted by that plugin's schema), with the random stream
 * `<parent path>/<name>` of the run's streams, so run checkpoints cover it.
 */
export type SubComponentBuilder = <T>(kind: PluginKind, section: { type: string } & Record<string, unknown>, name: string) => T;
