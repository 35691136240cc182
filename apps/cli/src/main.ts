import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { setNativeThreads } from '@recsearch/compute';
import { RecsearchError } from '@recsearch/core';
import { registerCompare } from './commands/compare';
import { registerDatasets } from './commands/datasets';
import { registerLoss } from './commands/loss';
import { registerPlugins } from './commands/plugins';
import { registerReport } from './commands/report';
import { registerRun } from './commands/run';
import { registerRuns } from './commands/runs';
import { registerSchema } from './commands/schema';
import { registerTrain } from './commands/train';
import { registerValidate } from './commands/validate';
import type { CommandContext } from './commands/command-context';
import { createOutput } from './output';

export function buildProgram(context: CommandContext): Command {
  const program = new Command('recsearch')
    .description('Search loss functions and hyperparameters of recommender models, by config and plugins.')
    .version(require('../package.json').version)
    .option('--log-level <level>', 'pino log level on stderr (debug shows every event)', 'warn')
    .option('--threads <count>', 'threads of the native models\' matrix products: 1 or 2 (default: env RECSEARCH_NATIVE_THREADS, else 1)', parseThreads)
    .showHelpAfterError('(run recsearch --help for usage)')
    .exitOverride();
  registerRun(program, context);
  registerRuns(program, context);
  registerTrain(program, context);
  registerValidate(program, context);
  registerPlugins(program, context);
  registerDatasets(program, context);
  registerLoss(program, context);
  registerReport(program, context);
  registerCompare(program, context);
  registerSchema(program, context);
  return program;
}

function parseThreads(text: string): number {
  if (text !== '1' && text !== '2') throw new InvalidArgumentError('expected 1 or 2.');
  return Number(text);
}

/** Runs the CLI and returns the exit code: 0 ok, 1 failure, 2 bad input, 130 interrupted. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  let logLevel = 'warn';
  const context: CommandContext = {
    output: (options) => createOutput({ json: options.json, logLevel }),
    setExitCode: (code) => (exitCode = code),
  };
  const program = buildProgram(context);
  program.hook('preAction', (command) => {
    const options = command.optsWithGlobals<{ logLevel?: string; threads?: number }>();
    logLevel = options.logLevel ?? 'warn';
    if (options.threads !== undefined) {
      setNativeThreads(options.threads);
      // Child processes (compare's arms) inherit the choice.
      process.env['RECSEARCH_NATIVE_THREADS'] = String(options.threads);
    }
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof RecsearchError) {
      process.stderr.write(`recsearch: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`recsearch: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
