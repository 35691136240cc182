import type { Command } from 'commander';
import { formatLossInspection, formatOperatorList, inspectLoss, listOperators, type ClampMode } from '@recsearch/expr';
import { operatorTableFor } from '../operator-table';
import type { CommandContext } from './command-context';

interface TableOptions {
  config?: string;
  clamp: ClampMode;
  json?: boolean;
}

const clampOption = ['--clamp <mode>', 'AutoLossGen operator semantics: paper or reference-code', 'paper'] as const;

export function registerLoss(program: Command, context: CommandContext): void {
  const loss = program.command('loss').description('work with loss expressions');
  loss
    .command('inspect')
    .description('canonical form, LaTeX, validation-check pass rate, zero-gradient test and a table of loss and ∂/∂ŷ')
    .argument('<expression>', 'an expression over yhat, y, eps (e.g. "(yhat - y)^2") or a named loss (bce, maxr, …)')
    .option('--config <file>', "use the operators a config defines (its `operators` section and plugins)")
    .option(...clampOption)
    .option('--rate <rate>', 'pass rate the validation check requires', '0.9')
    .option('--seed <seed>', 'seed of the 2,000 synthetic (ŷ, y) pairs', '0')
    .option('--json', 'print the inspection as JSON on stdout')
    .action(async (expression: string, options: TableOptions & { rate: string; seed: string }) => {
      const output = context.output(options);
      const table = await operatorTableFor(options.config, options.clamp);
      const inspection = inspectLoss(expression, { table, rate: Number(options.rate), seed: Number(options.seed) });
      output.result(inspection, formatLossInspection(inspection));
    });

  program
    .command('operators')
    .description('list the operators of the loss language with arity and formula')
    .option('--config <file>', "include the operators a config defines")
    .option(...clampOption)
    .option('--json', 'print the list as JSON on stdout')
    .action(async (options: TableOptions) => {
      const output = context.output(options);
      const rows = listOperators(await operatorTableFor(options.config, options.clamp));
      output.result(rows, formatOperatorList(rows));
    });
}
