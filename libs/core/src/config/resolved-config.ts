/** A config section that selects a plugin of some kind, with that plugin's options. */
export type PluginSection = { type: string } & Record<string, unknown>;

/** A validated config with every default filled in. */
export interface ResolvedConfig {
  name?: string;
  description?: string;
  seed: number;
  plugins: string[];
  operators: { name: string; params: string[]; formula: string; description?: string }[];
  search: PluginSection;
  evaluators: PluginSection[];
  model?: PluginSection;
  dataset?: PluginSection;
  budget: { candidates: number; evaluations?: number; wallTimeSeconds?: number };
  runner: { batchSize: number; checkpointEverySteps: number };
  output: { runsDir: string };
}
