import { RecsearchError } from '@recsearch/core';

/** A loss expression that does not parse: where (1-based line and column) and what was expected. */
export class ExpressionSyntaxError extends RecsearchError {
  override readonly exitCode = 2;
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
    readonly source: string,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }

  /** The offending source line with a caret under the column, for terminal output. */
  excerpt(): string {
    const text = this.source.split('\n')[this.line - 1] ?? '';
    return `${text}\n${' '.repeat(Math.max(0, this.column - 1))}^`;
  }
}
