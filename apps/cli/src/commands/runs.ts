import type { Command } from 'commander';
import { listRuns } from '@recsearch/tracking';
import type { CommandContext } from './command-context';

export function registerRuns(program: Command, context: CommandContext): void {
  program
    .command('runs')
    .description('list runs with status (running, finished, failed, interrupted, crashed), strategy, dataset, best reward and duration')
    .option('--dir <folder>', 'the runs folder', 'runs')
    .option('--json', 'print the list as JSON on stdout')
    .action((options: { dir: string; json?: boolean }) => {
      const runs = listRuns(options.dir);
      const lines = runs.map((run) =>
        [
          run.runId.padEnd(44),
          run.status.padEnd(12),
          run.strategy.padEnd(10),
          run.dataset.padEnd(10),
          String(run.candidates).padStart(7),
          (run.bestReward === null ? '—' : run.bestReward.toPrecision(5)).padStart(12),
          (run.seconds === null ? '—' : `${run.seconds.toFixed(1)} s`).padStart(10),
        ].join(' '),
      );
      const header = ['run'.padEnd(44), 'status'.padEnd(12), 'strategy'.padEnd(10), 'dataset'.padEnd(10), 'cands'.padStart(7), 'best reward'.padStart(12), 'duration'.padStart(10)].join(' ');
      context.output(options).result(runs, runs.length ? [header, ...lines].join('\n') : `no runs in ${options.dir}`);
    });
}
