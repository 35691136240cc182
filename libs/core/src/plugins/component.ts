import type { Json } from '../contracts/candidate';

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
