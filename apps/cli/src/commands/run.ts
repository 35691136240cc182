import type { Command } from 'commander';
import { dirname } from 'node:path';
import { RunStore } from '@recsearch/tracking';
import { loadConfig } from '../environment';
import { runSession } from '../run-session';
import { formatTrainResult, resumeTrainSession } from '../train-session';
import { setOption, type CommandContext } from './command-context';

export function registerRun(program: Command, context: CommandContext): void {
  program
    .command('run')
    .description('run a search from a config file')
    .argument('<config>', 'config file (JSON)')
    .option(...setOption)
    .option('--json', 'print the run folder and summary as JSON on stdout')
    .action(async (file: string, options: { set: string[]; json?: boolean }) => {
      const output = context.output(options);
      const { config, name } = await loadConfig(file, options.set);
      config.name = name;
      const store = RunStore.create(config.output.runsDir, name, config, { configFile: file });
      const result = await runSession(store, config, dirname(file), output);
      context.setExitCode(result.exitCode);
    });

  program
    .command('resume')
    .description('continue a run after Ctrl-C or a crash, from its last checkpoint')
    .argument('<run-dir>', 'the run folder (runs/<time>-<name>)')
    .option('--json', 'print the run folder and summary as JSON on stdout')
    .action(async (dir: string, options: { json?: boolean }) => {
      const output = context.output(options);
      const store = RunStore.open(dir);
      // A run without a search section is a `recsearch train` run.
      if (store.config.search === undefined) {
        const result = await resumeTrainSession(store, output);
        output.result(result, formatTrainResult(result));
        return;
      }
      output.say(`resuming ${store.dir} from ${store.checkpoint ? `checkpoint at event ${store.checkpoint.seq}` : 'the start'}`);
      const result = await runSession(store, store.config, store.meta.configDir, output);
      context.setExitCode(result.exitCode);
    });
}
