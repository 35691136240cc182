import type { BakeOff } from './bake-off';
import { escapeHtml, formatValue, htmlTable, markdownTable } from './format';
import { htmlDocument, plotsHtml, type RenderedPlot } from './html-page';
import { chart, scaleFor, type PlotSpec } from './vega-spec';

interface Table {
  title: string;
  header: string[];
  rows: string[][];
  /** A paragraph shown above the table. */
  note?: string;
}

const meanSd = (stat: { mean: number; sd: number } | undefined) => (stat ? `${formatValue(stat.mean)} ± ${formatValue(stat.sd)}` : '—');

/** Best validation metric over trained epochs: each arm's mean across seeds with a ± sd band. */
export function bakeOffPlots(bakeOff: BakeOff): PlotSpec[] {
  if (bakeOff.curve.length === 0) return [];
  const x = { field: 'trainedEpochs', type: 'quantitative', title: 'trained epochs' };
  const color = { field: 'arm', type: 'nominal', title: 'arm' };
  const scale = scaleFor(bakeOff.curve.flatMap((point) => [point.lower, point.upper]));
  return [{
    id: 'best-validation-over-epochs',
    title: `Best validation ${bakeOff.validationMetric} over trained epochs (mean ± sd over seeds)`,
    spec: chart(bakeOff.curve, {
      layer: [
        { transform: [{ filter: 'datum.runs > 1' }], mark: { type: 'errorband', opacity: 0.25 }, encoding: { x, y: { field: 'lower', type: 'quantitative', title: `best validation ${bakeOff.validationMetric}`, scale }, y2: { field: 'upper' }, color } },
        { mark: { type: 'line', interpolate: 'step-after' }, encoding: { x, y: { field: 'mean', type: 'quantitative', scale }, color } },
      ],
    }),
  }];
}

/** The curve as a table: each arm at up to ten evenly spaced budgets. */
function curveTable(bakeOff: BakeOff): Table[] {
  if (bakeOff.curve.length === 0) return [];
  const rows = bakeOff.arms.flatMap((arm) => {
    const points = bakeOff.curve.filter((point) => point.arm === arm);
    const picked = points.length <= 10 ? points : Array.from({ length: 10 }, (_, i) => points[Math.round((i * (points.length - 1)) / 9)]);
    return picked.map((point) => [arm, formatValue(point.trainedEpochs), `${formatValue(point.mean)} ± ${formatValue(point.sd)}`, String(point.runs)]);
  });
  return [{ title: `Best validation ${bakeOff.validationMetric} over the budget`, header: ['arm', 'trained epochs', `best validation ${bakeOff.validationMetric} (mean ± sd)`, 'seeds'], rows }];
}

function finalsTable(bakeOff: BakeOff): Table {
  const training = bakeOff.kind === 'training';
  const header = ['arm', 'runs', ...bakeOff.shownMetrics.map((metric) => `test ${metric}`), 'wall time (mean)', training ? 'training passes (mean)' : 'trained epochs, phase I (mean)'];
  const rows = bakeOff.finals.map((final) => [
    final.arm,
    String(final.runs),
    ...bakeOff.shownMetrics.map((metric) => meanSd(final.metrics[metric])),
    final.elapsedSeconds === null ? '—' : `${final.elapsedSeconds.toFixed(1)} s`,
    formatValue(training ? final.passes : final.trainedEpochs),
  ]);
  const title = training ? 'Test metrics per method (mean ± sd over seeds)' : 'Final test metrics of the best found loss (last phase; mean ± sd over seeds)';
  return { title, header, rows };
}

function testsTable(bakeOff: BakeOff): Table {
  const against = bakeOff.reference ? `the reference arm ${bakeOff.reference} against each other arm` : 'every pair of arms';
  return {
    title: 'Significance',
    note: `Wilcoxon signed-rank tests (two-sided, exact) of ${against}, on test ${bakeOff.testMetric} paired by seed.${bakeOff.sampleSizeNote ? ` ${bakeOff.sampleSizeNote}` : ''}`,
    header: ['arm A', 'arm B', 'metric', 'pairs', 'W+', 'p (two-sided)', 'note'],
    rows: bakeOff.tests.map((test) => [test.a, test.b, test.metric, String(test.pairs), formatValue(test.statistic), formatValue(test.pValue), test.note ?? '']),
  };
}

function lossesTable(bakeOff: BakeOff): Table[] {
  if (bakeOff.bestLosses.length === 0) return [];
  const best = bakeOff.arms.flatMap((arm) => {
    const losses = bakeOff.bestLosses.filter((loss) => loss.arm === arm).sort((a, b) => b.validation - a.validation);
    return losses.length ? [losses[0]] : [];
  });
  return [{
    title: 'Best loss of each arm (highest validation over its seeds)',
    header: ['arm', 'seed', 'loss', `validation ${bakeOff.validationMetric}`, `test ${bakeOff.testMetric}`],
    rows: best.map((loss) => [loss.arm, String(loss.seed), loss.expression, formatValue(loss.validation), formatValue(loss.test?.[bakeOff.testMetric])]),
  }];
}

function childrenTable(bakeOff: BakeOff): Table {
  return {
    title: 'Runs',
    header: ['arm', 'seed', 'run', 'status', `test ${bakeOff.testMetric}`, 'elapsed'],
    rows: bakeOff.children.map((child) => [child.arm, String(child.seed), child.runId, child.status, formatValue(child.test?.[bakeOff.testMetric]), child.elapsedSeconds === null ? '—' : `${child.elapsedSeconds.toFixed(1)} s`]),
  };
}

function tables(bakeOff: BakeOff): Table[] {
  return [finalsTable(bakeOff), testsTable(bakeOff), ...curveTable(bakeOff), ...lossesTable(bakeOff), childrenTable(bakeOff)];
}

function heading(bakeOff: BakeOff): string {
  return `Bake-off ${bakeOff.name}: ${bakeOff.arms.length} arms × ${new Set(bakeOff.children.map((child) => child.seed)).size} seeds`;
}

export function bakeOffMarkdown(bakeOff: BakeOff, plots: readonly PlotSpec[]): string {
  return [
    `# ${heading(bakeOff)}`,
    '',
    ...(bakeOff.description ? [bakeOff.description, ''] : []),
    ...plots.map((plot) => `![${plot.title}](plots/${plot.id}.svg)`),
    '',
    ...tables(bakeOff).flatMap((table) => [`## ${table.title}`, '', ...(table.note ? [table.note, ''] : []), markdownTable(table.header, table.rows), '']),
  ].join('\n');
}

/** The self-contained HTML page of the bake-off. */
export function bakeOffHtml(bakeOff: BakeOff, plots: readonly RenderedPlot[]): string {
  const body = [
    `<h1>${escapeHtml(heading(bakeOff))}</h1>`,
    bakeOff.description ? `<p class="meta">${escapeHtml(bakeOff.description)}</p>` : '',
    plotsHtml(plots),
    ...tables(bakeOff).map((table) => `<h2>${escapeHtml(table.title)}</h2>${table.note ? `<p>${escapeHtml(table.note)}</p>` : ''}${htmlTable(table.header, table.rows)}`),
  ];
  return htmlDocument(`recsearch bake-off ${bakeOff.name}`, body.join('\n'));
}
