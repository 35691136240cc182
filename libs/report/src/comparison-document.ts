import type { Comparison } from './comparison';
import { escapeHtml, formatValue, htmlTable, markdownTable } from './format';
import { htmlDocument, plotsHtml, type RenderedPlot } from './html-page';
import { chart, scaleFor, thin, type PlotSpec } from './vega-spec';

/** Metric over budget: each config's mean best-so-far with a ± sd band where it has several runs. */
export function comparisonPlots(comparison: Comparison): PlotSpec[] {
  if (comparison.budget.length === 0) return [];
  const groups = [...new Set(comparison.budget.map((point) => point.group))];
  const rows = groups.flatMap((group) => thin(comparison.budget.filter((point) => point.group === group), 600));
  const scale = scaleFor(rows.flatMap((row) => [row.lower, row.upper]));
  const x = { field: 'n', type: 'quantitative', title: 'candidates evaluated' };
  const color = { field: 'group', type: 'nominal', title: 'config' };
  return [{
    id: 'budget',
    title: 'Best reward so far over the budget (mean ± sd over runs of a config)',
    spec: chart(rows, {
      layer: [
        { transform: [{ filter: 'datum.runs > 1' }], mark: { type: 'errorband', opacity: 0.25 }, encoding: { x, y: { field: 'lower', type: 'quantitative', title: 'best reward so far', scale }, y2: { field: 'upper' }, color } },
        { mark: { type: 'line', interpolate: 'step-after' }, encoding: { x, y: { field: 'mean', type: 'quantitative', scale }, color } },
      ],
    }),
  }];
}

function tables(comparison: Comparison) {
  const runs = comparison.runs.map((run) => [run.runId, run.group, formatValue(run.seed), run.strategy ?? '—', run.status, String(run.curve.length), formatValue(run.final), run.elapsedSeconds === null ? '—' : `${run.elapsedSeconds.toFixed(1)} s`]);
  const finals = comparison.finals.map((group) => [group.group, String(group.runs), formatValue(group.mean), formatValue(group.sd), formatValue(group.min), formatValue(group.max)]);
  const tests = comparison.tests.map((test) => [test.a, test.b, test.basis, String(test.pairs), formatValue(test.statistic), formatValue(test.pValue), test.note ?? '']);
  return {
    runs: { header: ['run', 'config', 'seed', 'strategy', 'status', 'candidates', 'final best reward', 'elapsed'], rows: runs },
    finals: { header: ['config', 'runs', 'mean final best', 'sd', 'min', 'max'], rows: finals },
    tests: { header: ['config A', 'config B', 'paired on', 'pairs', 'W+', 'p (two-sided)', 'note'], rows: tests },
  };
}

const EXPLANATION =
  'Wilcoxon signed-rank tests (two-sided): on per-seed finals when two configs share at least two seeds, otherwise on the two mean best-so-far curves paired by candidate index.';

export function comparisonHtml(comparison: Comparison, plots: readonly RenderedPlot[]): string {
  const t = tables(comparison);
  return htmlDocument('recsearch comparison', `<h1>Comparison of ${comparison.runs.length} runs</h1>
${plotsHtml(plots)}
<h2>Final best reward per config</h2>${htmlTable(t.finals.header, t.finals.rows)}
<h2>Significance</h2><p>${escapeHtml(EXPLANATION)}</p>${htmlTable(t.tests.header, t.tests.rows)}
<h2>Runs</h2>${htmlTable(t.runs.header, t.runs.rows)}`);
}

export function comparisonMarkdown(comparison: Comparison, plots: readonly PlotSpec[]): string {
  const t = tables(comparison);
  return [
    `# Comparison of ${comparison.runs.length} runs`,
    '',
    ...plots.map((plot) => `![${plot.title}](plots/${plot.id}.svg)`),
    '',
    '## Final best reward per config',
    '',
    markdownTable(t.finals.header, t.finals.rows),
    '',
    '## Significance',
    '',
    EXPLANATION,
    '',
    markdownTable(t.tests.header, t.tests.rows),
    '',
    '## Runs',
    '',
    markdownTable(t.runs.header, t.runs.rows),
    '',
  ].join('\n');
}
