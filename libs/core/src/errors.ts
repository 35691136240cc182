/** Where a problem was found: a file (with line and column when known) and/or a JSON path inside it. */
export interface Location {
  file?: string;
  line?: number;
  column?: number;
  jsonPath?: string;
}

export function formatLocation(where: Location): string {
  const file = where.file ? [where.file, where.line, where.column].filter((part) => part !== undefined).join(':') : '';
  return [file, where.jsonPath].filter(Boolean).join(' ');
}

/** Base of every error recsearch raises on purpose; `exitCode` is what the CLI exits with. */
export class RecsearchError extends Error {
  readonly exitCode: number = 1;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface ConfigProblem extends Location {
  message: string;
  expected?: string;
  found?: unknown;
}

export function formatProblem(problem: ConfigProblem): string {
  const where = formatLocation(problem);
  const found = problem.found === undefined ? '' : ` (found ${JSON.stringify(problem.found)})`;
  return `${where ? `${where}: ` : ''}${problem.message}${found}`;
}

/** An invalid configuration: every problem found, each with where it is. Nothing has run. */
export class ConfigError extends RecsearchError {
  override readonly exitCode = 2;
  constructor(readonly problems: ConfigProblem[], heading = 'invalid configuration') {
    super(`${heading}:\n${problems.map((problem) => `  - ${formatProblem(problem)}`).join('\n')}`);
  }
}

/**
 * What to throw when building the component of type `type` at `jsonPath` failed: recsearch's
 * own errors as they are, any other (or a PluginError) as a ConfigError pointing at the section.
 */
export function componentBuildError(error: unknown, type: string, jsonPath: string): Error {
  if (error instanceof RecsearchError && !(error instanceof PluginError)) return error;
  return new ConfigError([{ jsonPath, message: `${type}: ${(error as Error).message}` }]);
}

/** A plugin that cannot be found, loaded or used; names the plugin and where it came from. */
export class PluginError extends RecsearchError {
  override readonly exitCode = 2;
  constructor(readonly plugin: string, reason: string) {
    super(`plugin ${plugin}: ${reason}`);
  }
}

/** A data file that does not read as its format says; names the file and line. */
export class DataFormatError extends RecsearchError {
  constructor(readonly where: Location, reason: string) {
    super(`${formatLocation(where)}: ${reason}`);
  }
}

/** A run folder that cannot be resumed (no checkpoint, finished, or damaged). */
export class RunStoreError extends RecsearchError {
  override readonly exitCode = 2;
}

/** A command-line usage error: unknown flag, missing file. */
export class UsageError extends RecsearchError {
  override readonly exitCode = 2;
}
