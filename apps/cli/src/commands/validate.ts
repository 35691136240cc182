import type { Command } from 'commander';
import { ConfigError } from '@recsearch/core';
import { loadConfig } from '../environment';
import { setOption, type CommandContext } from './command-context';

export function registerValidate(program: Command, context: CommandContext): void {
  program
    .command('validate')
    .description('check a config (and its extends chain and plugins) without running it')
    .argument('<config>', 'config file (JSON)')
    .option(...setOption)
    .option('--json', 'print the resolved config, or the problems, as JSON on stdout')
    .action(async (file: string, options: { set: string[]; json?: boolean }) => {
      const output = context.output(options);
      try {
        const { config } = await loadConfig(file, options.set);
        output.result({ valid: true, config }, `${file}: valid`);
      } catch (error) {
        if (!(error instanceof ConfigError) || !options.json) throw error;
        output.result({ valid: false, problems: error.problems }, '');
        context.setExitCode(error.exitCode);
      }
    });
}
