import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, UsageError } from '@recsearch/core';
import { loadCompareConfig } from '../compare/compare-config';
import { loadConfig } from '../environment';
import { setOption, type CommandContext } from './command-context';

export function registerValidate(program: Command, context: CommandContext): void {
  program
    .command('validate')
    .description('check a config (and its extends chain and plugins), or a compare config and every arm, without running it')
    .argument('<config>', 'config file (JSON)')
    .option(...setOption)
    .option('--json', 'print the resolved config, or the problems, as JSON on stdout')
    .action(async (file: string, options: { set: string[]; json?: boolean }) => {
      const output = context.output(options);
      try {
        if (isCompareConfig(file)) {
          if (options.set.length > 0) throw new UsageError('--set applies to run and training configs; a compare config changes its arms with overrides');
          const { config, arms } = await loadCompareConfig(file);
          output.result({ valid: true, compare: config }, `${file}: valid (a compare config: ${arms.length} arms × ${config.seeds.length} seeds)`);
          return;
        }
        const { config } = await loadConfig(file, options.set);
        output.result({ valid: true, config }, `${file}: valid`);
      } catch (error) {
        if (!(error instanceof ConfigError) || !options.json) throw error;
        output.result({ valid: false, problems: error.problems }, '');
        context.setExitCode(error.exitCode);
      }
    });
}

/** A JSON object with `arms` is a compare config; anything else (unreadable or malformed too) goes to the run config loader, which reports it. */
function isCompareConfig(file: string): boolean {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null && 'arms' in value;
  } catch {
    return false;
  }
}
