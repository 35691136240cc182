import type { RunReport } from './report-model';
import { escapeHtml, formatValue, htmlTable, markdownTable, tableRows } from './format';
import { htmlDocument, plotsHtml, type RenderedPlot } from './html-page';
import type { PlotSpec } from './vega-spec';

function headline(report: RunReport): Array<[string, string]> {
  return [
    ['run', report.runId],
    ['status', report.status],
    ['strategy', report.strategy ?? '—'],
    ['seed', formatValue(report.seed)],
    ['candidates', String(report.candidates.length)],
    ['elapsed', report.elapsedSeconds === null ? '—' : `${report.elapsedSeconds.toFixed(1)} s`],
  ];
}

const lossName = (loss: RunReport['losses'][number]) => loss.baseline ?? `found (${loss.candidate})`;

function datasetLines(report: RunReport): { counts: string[][]; sections: string } {
  const counts = Object.entries(report.dataset.counts ?? {}).map(([name, value]) => [name, formatValue(value)]);
  return { counts, sections: JSON.stringify({ dataset: report.dataset.config, data: report.dataset.data }, null, 2) };
}

/** The self-contained HTML page: inline CSS and SVG, LaTeX as source text, nothing fetched. */
export function runReportHtml(report: RunReport, plots: readonly RenderedPlot[]): string {
  const { counts, sections } = datasetLines(report);
  const losses = report.losses.map((loss) => [
    escapeHtml(lossName(loss)),
    `<code>${escapeHtml(loss.expression)}</code>`,
    loss.latex === null ? `<span class="problem">${escapeHtml(loss.curveProblem ?? '')}</span>` : `<code>${escapeHtml(loss.latex)}</code>`,
  ]);
  const outcomes = report.outcomes.map((entry) => [String(entry.phase), entry.stage, entry.outcome, String(entry.count)]);
  return htmlDocument(`${report.name} — recsearch report`, `<h1>${escapeHtml(report.name)}</h1>
<p class="meta">${headline(report).map(([name, value]) => `${escapeHtml(name)}: <b>${escapeHtml(value)}</b>`).join(' · ')}</p>
<h2>Dataset and split</h2>
${counts.length ? htmlTable(['', 'count'], counts) : ''}
<pre>${escapeHtml(sections)}</pre>
${plots.length ? `<h2>Plots</h2>${plotsHtml(plots)}` : ''}
${losses.length ? `<h2>Losses</h2>${htmlTable(['loss', 'expression', 'LaTeX'], losses, true)}` : ''}
${report.tables.map((table) => `<h2>${escapeHtml(table.title)}</h2>${htmlTable(['', ...table.columns], tableRows(table))}`).join('\n')}
${outcomes.length ? `<h2>Verdicts by stage</h2>${htmlTable(['phase', 'stage', 'outcome', 'count'], outcomes)}` : ''}
<h2>Resolved config</h2>
<details><summary>config.resolved.json</summary><pre>${escapeHtml(JSON.stringify(report.config, null, 2))}</pre></details>`);
}

/** The Markdown twin: the same tables, the plots as links to `plots/<id>.svg` beside it. */
export function runReportMarkdown(report: RunReport, plots: readonly PlotSpec[]): string {
  const { counts, sections } = datasetLines(report);
  const parts = [
    `# ${report.name}`,
    '',
    headline(report).map(([name, value]) => `- ${name}: ${value}`).join('\n'),
    '',
    '## Dataset and split',
    '',
    ...(counts.length ? [markdownTable(['', 'count'], counts), ''] : []),
    '```json',
    sections,
    '```',
  ];
  if (plots.length) parts.push('', '## Plots', '', ...plots.map((plot) => `![${plot.title}](plots/${plot.id}.svg)`));
  if (report.losses.length) {
    parts.push('', '## Losses', '', markdownTable(['loss', 'expression', 'LaTeX'], report.losses.map((loss) => [lossName(loss), `\`${loss.expression}\``, loss.latex === null ? `(${loss.curveProblem})` : `$${loss.latex}$`])));
  }
  for (const table of report.tables) parts.push('', `## ${table.title}`, '', markdownTable(['', ...table.columns], tableRows(table)));
  if (report.outcomes.length) parts.push('', '## Verdicts by stage', '', markdownTable(['phase', 'stage', 'outcome', 'count'], report.outcomes.map((entry) => [String(entry.phase), entry.stage, entry.outcome, String(entry.count)])));
  return `${parts.join('\n')}\n`;
}
