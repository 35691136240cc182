/** A config section that selects a plugin of some kind, with that plugin's options. */
export type PluginSection = { type: string } & Record<string, unknown>;

export interface Budget {
  candidates: number;
  evaluations?: number;
  wallTimeSeconds?: number;
  /** Training epochs the evaluators may spend in total (their verdicts' `cost`). */
  trainedEpochs?: number;
}

/** A validated config with every default filled in. */
export interface ResolvedConfig {
  name?: string;
  description?: string;
  seed: number;
  plugins: string[];
  operators: { name: string; params: string[]; formula: string; description?: string }[];
  /** Required by `recsearch run`; `recsearch train` needs none. */
  search?: PluginSection;
  evaluators?: PluginSection[];
  model?: PluginSection;
  dataset?: PluginSection;
  budget: Budget;
  /** Phases after the search (AutoLossGen's validation check and effectiveness test), in order. */
  phases?: Array<{ name: string; evaluators?: PluginSection[]; budget?: Budget; include?: string[] }>;
  runner: { batchSize: number; checkpointEverySteps: number };
  output: { runsDir: string };
  /** Sections owned by libraries (`data`, `training`), validated by their schemas. */
  [section: string]: unknown;
}
