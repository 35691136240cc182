import { compileLoss, defaultOperatorTable, NAMED_LOSSES, parameterValue, printLatex, type OperatorTable } from '@recsearch/expr';
import type { GradientPoint, LossEntry } from './report-model';

/** Points of the ŷ grid over (0, 1): the ends are left out, where clamped logs have kinks. */
export const GRID_POINTS = 41;

const finite = (value: number): number | null => (Number.isFinite(value) ? value + 0 : null);

/** Loss and ∂loss/∂ŷ over a ŷ grid in [0.01, 0.99], for y = 0 and for y = 1. */
export function gradientCurve(expression: string, parameters: Readonly<Record<string, number>> = {}, table: OperatorTable = defaultOperatorTable()): GradientPoint[] {
  const compiled = compileLoss(table.parse(expression), { differentiate: [] });
  const values = Object.fromEntries(compiled.parameters.map((name) => [name, parameterValue(name, parameters)]));
  const n = GRID_POINTS;
  const grid = Array.from({ length: n }, (_, i) => 0.01 + (0.98 * i) / (n - 1));
  const yhat = Float64Array.from({ length: 2 * n }, (_, i) => grid[i % n]);
  const y = Float64Array.from({ length: 2 * n }, (_, i) => (i < n ? 0 : 1));
  const loss = new Float64Array(2 * n);
  const dYhat = new Float64Array(2 * n);
  compiled.evaluate({ yhat, y }, { loss, dYhat }, values);
  return Array.from({ length: 2 * n }, (_, i) => ({ yhat: yhat[i], y: (i < n ? 0 : 1) as 0 | 1, loss: finite(loss[i]), dYhat: finite(dYhat[i]) }));
}

export const baselineOf = (expression: string): string | null =>
  Object.values(NAMED_LOSSES).find((loss) => loss.source === expression)?.name ?? null;

/** A loss with its LaTeX and curves; an expression the default operators cannot read keeps its text and says why. */
export function lossEntry(candidate: string, expression: string, metrics: Record<string, number>, table: OperatorTable = defaultOperatorTable()): LossEntry {
  const parameters: Record<string, number> = metrics['eps'] === undefined ? {} : { eps: metrics['eps'] };
  try {
    return {
      candidate,
      baseline: baselineOf(expression),
      expression,
      latex: printLatex(table.parse(expression)),
      metrics,
      curve: gradientCurve(expression, parameters, table),
      curveProblem: null,
    };
  } catch (error) {
    return { candidate, baseline: baselineOf(expression), expression, latex: null, metrics, curve: [], curveProblem: (error as Error).message };
  }
}
