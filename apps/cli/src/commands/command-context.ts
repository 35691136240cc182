import type { Output } from '../output';

export interface CommandContext {
  output(options: { json?: boolean }): Output;
  setExitCode(code: number): void;
}

/** The repeatable `--set path=value` option of the commands that read a config. */
export const setOption = [
  '--set <path=value>',
  'override a config value, e.g. --set budget.candidates=50 (repeatable)',
  (value: string, previous: string[]) => [...previous, value],
  [] as string[],
] as const;
