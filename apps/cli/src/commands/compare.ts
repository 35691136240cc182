import type { Command } from 'commander';
import { UsageError } from '@recsearch/core';
import { loadCompareConfig, type LoadedCompare } from '../compare/compare-config';
import { readCompareIndex } from '../compare/compare-index';
import { formatCompareResult } from '../compare/format-compare';
import { createCompare, runCompare } from '../compare/run-compare';
import type { CommandContext } from './command-context';

export function registerCompare(program: Command, context: CommandContext): void {
  program
    .command('compare')
    .description('bake-off: run every arm of a compare config once per seed under the same budget, then write compare-report.html/.md with Wilcoxon tests')
    .argument('[config]', 'compare config file (JSON): name, base, seeds, budget, arms, reference')
    .option('--resume <compare-dir>', 'continue an interrupted compare: finished children are kept, an interrupted search resumes from its checkpoint')
    .option('--dry-run', 'validate the compare config and every arm, print the plan, run nothing')
    .option('--json', 'print the compare folder and compare.json as JSON on stdout')
    .action(async (file: string | undefined, options: { resume?: string; dryRun?: boolean; json?: boolean }) => {
      const output = context.output(options);
      if (Boolean(file) === Boolean(options.resume)) throw new UsageError('compare takes a compare config, or --resume <compare-dir>');
      let dir: string;
      let loaded: LoadedCompare;
      if (options.resume) {
        dir = options.resume;
        const index = readCompareIndex(dir);
        loaded = await loadCompareConfig(index.configFile);
        const done = index.children.filter((child) => child.status === 'finished').length;
        output.say(`resuming ${dir}: ${done} of ${index.children.length} children finished`);
      } else {
        loaded = await loadCompareConfig(file as string);
        if (options.dryRun) {
          const plan = loaded.arms.map((arm) => ({ arm: arm.name, kind: arm.kind, seeds: loaded.config.seeds, budget: arm.config.budget }));
          output.result({ valid: true, plan }, [`${loaded.file}: valid`, ...plan.map((arm) => `  ${arm.arm.padEnd(20)} ${arm.kind.padEnd(9)} seeds ${arm.seeds.join(', ')}`)].join('\n'));
          return;
        }
        dir = createCompare(loaded);
        output.say(`compare folder: ${dir}`);
      }
      const result = await runCompare(dir, loaded, output);
      if (result.exitCode === 0) output.result({ dir: result.dir, compare: result.index }, formatCompareResult(result.dir, result.index));
      context.setExitCode(result.exitCode);
    });
}
