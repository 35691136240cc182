import pino, { type Logger } from 'pino';

/** Where a command writes: results to stdout (JSON with --json), people-facing progress and logs to stderr. */
export interface Output {
  json: boolean;
  logger: Logger;
  /** A result line (or JSON document) on stdout. */
  result(value: unknown, human: string): void;
  /** A message for the person at the terminal, on stderr (also with --json, which only shapes stdout). */
  say(message: string): void;
  isInteractive: boolean;
}

export function createOutput(options: { json?: boolean; logLevel?: string } = {}): Output {
  const json = options.json ?? false;
  const logger = pino({ level: options.logLevel ?? 'warn', base: undefined }, pino.destination({ fd: 2, sync: true }));
  return {
    json,
    logger,
    isInteractive: Boolean(process.stderr.isTTY) && !json,
    result: (value, human) => process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human}\n`),
    say: (message) => process.stderr.write(`${message}\n`),
  };
}
