import type { Command } from 'commander';
import { loadConfig } from '../environment';
import { formatTrainResult, trainSession } from '../train-session';
import { setOption, type CommandContext } from './command-context';

export function registerTrain(program: Command, context: CommandContext): void {
  program
    .command('train')
    .description('train one model with one loss (dataset, model, data and training sections) and print its metrics; checkpoints every epoch (Ctrl-C, then recsearch resume)')
    .argument('<config>', 'config file (JSON)')
    .option(...setOption)
    .option('--json', 'print the metrics as JSON on stdout')
    .action(async (file: string, options: { set: string[]; json?: boolean }) => {
      const output = context.output(options);
      const { config, registry, name } = await loadConfig(file, options.set);
      const result = await trainSession(config, registry, name, file, output);
      output.result(result, formatTrainResult(result));
    });
}
