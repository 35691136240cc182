import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bakeOffOf, type BakeOff, type BakeOffPlan } from './bake-off';
import { bakeOffHtml, bakeOffMarkdown, bakeOffPlots } from './bake-off-document';
import { buildRunReport } from './build-report';
import { compareRunFolders, type Comparison } from './comparison';
import { comparisonHtml, comparisonMarkdown, comparisonPlots } from './comparison-document';
import { renderSvgs } from './render-svg';
import type { RunReport } from './report-model';
import type { RenderedPlot } from './html-page';
import { runReportHtml, runReportMarkdown } from './run-document';
import { runPlots } from './run-plots';
import type { PlotSpec } from './vega-spec';

/** File names in the run folder; the loss search's own report.md / report.json are left alone. */
export const REPORT_FILES = { html: 'run-report.html', markdown: 'run-report.md', plots: 'plots' } as const;

export interface WrittenReport {
  html: string;
  markdown: string;
  plots: string[];
}

/** Renders the plots and writes `<prefix>.html`, `<prefix>.md` and `plots/<id>.svg` into `dir`. */
export async function writeDocuments(
  dir: string,
  prefix: string,
  plots: readonly PlotSpec[],
  documents: (rendered: RenderedPlot[]) => { html: string; markdown: string },
): Promise<WrittenReport> {
  const svgs = await renderSvgs(plots.map((plot) => plot.spec));
  const rendered = plots.map((plot, i) => ({ plot, svg: svgs[i] }));
  mkdirSync(join(dir, REPORT_FILES.plots), { recursive: true });
  const plotFiles = rendered.map(({ plot, svg }) => {
    const file = join(dir, REPORT_FILES.plots, `${plot.id}.svg`);
    writeFileSync(file, svg);
    return file;
  });
  const { html, markdown } = documents(rendered);
  const htmlFile = join(dir, `${prefix}.html`);
  const markdownFile = join(dir, `${prefix}.md`);
  writeFileSync(htmlFile, html);
  writeFileSync(markdownFile, markdown);
  return { html: htmlFile, markdown: markdownFile, plots: plotFiles };
}

/** `recsearch report <run-dir>`: builds the run's report and writes it into the run folder. */
export async function writeRunReport(dir: string): Promise<{ report: RunReport; files: WrittenReport }> {
  const report = buildRunReport(dir);
  const plots = runPlots(report);
  const files = await writeDocuments(report.dir, 'run-report', plots, (rendered) => ({
    html: runReportHtml(report, rendered),
    markdown: runReportMarkdown(report, plots),
  }));
  return { report, files };
}

/** `recsearch report --compare <run-dirs…>`: compares the runs and writes compare-report.html / .md and plots into `outDir`. */
export async function writeComparisonReport(dirs: readonly string[], outDir: string): Promise<{ comparison: Comparison; files: WrittenReport }> {
  mkdirSync(outDir, { recursive: true });
  const comparison = compareRunFolders(dirs);
  const plots = comparisonPlots(comparison);
  const files = await writeDocuments(outDir, 'compare-report', plots, (rendered) => ({
    html: comparisonHtml(comparison, rendered),
    markdown: comparisonMarkdown(comparison, plots),
  }));
  return { comparison, files };
}

/**
 * `recsearch compare`: reads the bake-off's child runs and writes compare-report.html / .md and
 * plots into `outDir`: best validation metric over trained epochs, test metrics per arm,
 * Wilcoxon tests by seed (on `testMetric`, default the validation metric) and the best losses.
 */
export async function writeBakeOffReport(plan: BakeOffPlan, outDir: string, testMetric?: string): Promise<{ bakeOff: BakeOff; files: WrittenReport }> {
  mkdirSync(outDir, { recursive: true });
  const bakeOff = bakeOffOf(plan, testMetric);
  const plots = bakeOffPlots(bakeOff);
  const files = await writeDocuments(outDir, 'compare-report', plots, (rendered) => ({
    html: bakeOffHtml(bakeOff, rendered),
    markdown: bakeOffMarkdown(bakeOff, plots),
  }));
  return { bakeOff, files };
}
