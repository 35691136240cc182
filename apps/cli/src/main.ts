import { Command, CommanderError } from 'commander';
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
    logLevel = command.optsWithGlobals().logLevel ?? 'warn';
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
