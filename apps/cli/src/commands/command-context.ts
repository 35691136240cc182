import type { Output } from '../output';

export interface CommandContext {
  output(options: { json?: boolean }): Output;
  setExitCode(code: number): void;
}
