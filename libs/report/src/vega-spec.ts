/** A Vega-Lite spec as plain JSON (vega-lite's own types come with its ESM build, which we load lazily). */
export type VegaLiteSpec = Record<string, unknown>;

/** One plot of a report: `id` names its SVG file (`plots/<id>.svg`). */
export interface PlotSpec {
  id: string;
  title: string;
  spec: VegaLiteSpec;
}

export const PLOT_WIDTH = 620;
export const PLOT_HEIGHT = 220;
/** Most points one plot draws: long searches are thinned evenly (the first and last point kept). */
export const MAX_POINTS = 1500;

export function thin<T>(rows: readonly T[], max = MAX_POINTS): T[] {
  if (rows.length <= max) return [...rows];
  const step = (rows.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => rows[Math.round(i * step)]);
}

/**
 * A symmetric-log scale when the largest value dwarfs the typical one (DE on Rosenbrock goes
 * from 1e4 to 1e-9); its linear zone is the 10th percentile of the magnitudes.
 */
export function scaleFor(values: readonly number[]): Record<string, unknown> {
  const magnitudes = values.filter(Number.isFinite).map(Math.abs).sort((a, b) => a - b);
  const positive = magnitudes.filter((value) => value > 0);
  if (positive.length === 0) return { zero: false };
  const quantile = (q: number) => positive[Math.min(positive.length - 1, Math.floor(q * positive.length))];
  if (positive[positive.length - 1] <= 100 * quantile(0.5)) return { zero: false };
  return { type: 'symlog', constant: Math.max(quantile(0.1), 1e-12) };
}

export function chart(data: readonly object[], body: Record<string, unknown>, options: { facet?: boolean } = {}): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: data },
    ...(options.facet ? {} : { width: PLOT_WIDTH, height: PLOT_HEIGHT }),
    config: { font: 'sans-serif', view: { stroke: '#ddd' }, axis: { labelFontSize: 11, titleFontSize: 12 } },
    ...body,
  };
}
