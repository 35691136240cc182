import type { Command } from 'commander';
import { ReportError, writeComparisonReport, writeRunReport } from '@recsearch/report';
import type { CommandContext } from './command-context';

interface ReportOptions {
  compare?: boolean;
  out: string;
  json?: boolean;
}

export function registerReport(program: Command, context: CommandContext): void {
  program
    .command('report')
    .description('write run-report.html (self-contained) and run-report.md with plots/*.svg into a run folder; with --compare, compare runs')
    .argument('<run-dirs...>', 'a run folder (with --compare: two or more)')
    .option('--compare', 'compare the runs: best reward over the budget (mean ± sd per config), finals, Wilcoxon p-values')
    .option('--out <folder>', 'with --compare: where compare-report.html, compare-report.md and plots/ go', 'compare-report')
    .option('--json', 'print what was written (and the comparison) as JSON on stdout')
    .action(async (dirs: string[], options: ReportOptions) => {
      const output = context.output(options);
      if (options.compare) {
        if (dirs.length < 2) throw new ReportError('report --compare needs at least two run folders');
        const { comparison, files } = await writeComparisonReport(dirs, options.out);
        const tests = comparison.tests.map((test) => `  ${test.a} vs ${test.b}: p = ${test.pValue === null ? `— (${test.note})` : test.pValue.toPrecision(3)} (${test.basis}, ${test.pairs} pairs)`);
        output.result({ files, finals: comparison.finals, tests: comparison.tests }, [`compared ${comparison.runs.length} runs`, ...tests, `wrote ${files.html}`, `wrote ${files.markdown}`].join('\n'));
        return;
      }
      if (dirs.length > 1) throw new ReportError('report takes one run folder (use --compare for several)');
      const { report, files } = await writeRunReport(dirs[0]);
      output.result(
        { runId: report.runId, files },
        [`${report.runId}: ${report.candidates.length} candidates, ${files.plots.length} plots`, `wrote ${files.html}`, `wrote ${files.markdown}`].join('\n'),
      );
    });
}
