import { escapeHtml, REPORT_CSS } from './format';
import type { PlotSpec } from './vega-spec';

/** A plot with its rendered SVG. */
export interface RenderedPlot {
  plot: PlotSpec;
  svg: string;
}

/** A self-contained HTML page around `body`: inline CSS, nothing fetched. */
export function htmlDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${REPORT_CSS}</style></head>
<body>
${body}
</body></html>
`;
}

/** The plots as captioned inline-SVG figures; nothing without plots. */
export function plotsHtml(plots: readonly RenderedPlot[]): string {
  if (plots.length === 0) return '';
  return `<div class="plots">${plots.map(({ plot, svg }) => `<figure id="plot-${plot.id}" class="plot"><figcaption>${escapeHtml(plot.title)}</figcaption>${svg}</figure>`).join('\n')}</div>`;
}
