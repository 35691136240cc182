import { canonicalForm, canonicalKey } from '../algebra/canonical';
import { gradientFingerprint, isZeroGradient, maxNorm } from '../analysis/fingerprint';
import { validationCheck, type ValidationCheckResult } from '../analysis/validation-check';
import { compileLoss } from '../evaluate/compile';
import { parameterValue } from '../evaluate/interpret';
import { DEPENDS_ON_Y, DEPENDS_ON_YHAT } from '../expression/expr';
import { isNamedLoss, namedLoss, NAMED_LOSSES } from '../losses/named-losses';
import { defaultOperatorTable } from '../operators/default-table';
import type { OperatorTable } from '../operators/table';
import { printExpression, printLatex } from '../syntax/print';

export interface InspectLossOptions {
  table?: OperatorTable;
  /** Seed of the validation check's synthetic pairs (default 0). */
  seed?: number;
  /** Pass rate the validation check requires (default 0.9). */
  rate?: number;
  /** Synthetic pairs (default 2,000). */
  pairs?: number;
  parameters?: Readonly<Record<string, number>>;
  /** Points of the ŷ grid over [0, 1] (default 11). */
  gridPoints?: number;
}

export interface LossGridRow {
  yhat: number;
  /** Loss and ∂loss/∂ŷ for y = 0 and for y = 1 (null where not finite). */
  loss0: number | null;
  dYhat0: number | null;
  loss1: number | null;
  dYhat1: number | null;
}

/** Everything `recsearch loss inspect` reports, as plain data (what `--json` prints). */
export interface LossInspection {
  source: string;
  /** The expression as the parser reads it back exactly. */
  expression: string;
  /** Its canonical form, readable, and the canonical key used for deduplication. */
  canonical: string;
  key: string;
  latex: string;
  parameters: Record<string, number>;
  usesPrediction: boolean;
  usesLabel: boolean;
  validation: ValidationCheckResult;
  /** ∞-norm of the gradient fingerprint and whether it is below 1e-4. */
  gradientNorm: number;
  zeroGradient: boolean;
  grid: LossGridRow[];
}

const finite = (value: number): number | null => (Number.isFinite(value) ? value + 0 : null);

/** Parses a loss (or a named loss: mse, bce, hinge, focal, maxr, sumr, logmin) and reports on it. */
export function inspectLoss(source: string, options: InspectLossOptions = {}): LossInspection {
  const table = options.table ?? defaultOperatorTable();
  const trimmed = source.trim();
  const expr = isNamedLoss(trimmed.toLowerCase()) ? namedLoss(trimmed, table) : table.parse(source);
  const compiled = compileLoss(expr, { differentiate: [] });
  const parameters = Object.fromEntries(compiled.parameters.map((name) => [name, parameterValue(name, options.parameters)]));

  const points = options.gridPoints ?? 11;
  const yhat = Float64Array.from({ length: 2 * points }, (_, i) => (i % points) / (points - 1));
  const y = Float64Array.from({ length: 2 * points }, (_, i) => (i < points ? 0 : 1));
  const loss = new Float64Array(2 * points);
  const dYhat = new Float64Array(2 * points);
  compiled.evaluate({ yhat, y }, { loss, dYhat }, parameters);
  const grid = Array.from({ length: points }, (_, i) => ({
    yhat: yhat[i],
    loss0: finite(loss[i]),
    dYhat0: finite(dYhat[i]),
    loss1: finite(loss[points + i]),
    dYhat1: finite(dYhat[points + i]),
  }));

  const fingerprint = gradientFingerprint(expr, { parameters });
  const gradientNorm = maxNorm(fingerprint);
  return {
    source,
    expression: printExpression(expr),
    canonical: printExpression(canonicalForm(expr), { numbers: 'short' }),
    key: canonicalKey(expr),
    latex: printLatex(expr),
    parameters,
    usesPrediction: (expr.deps & DEPENDS_ON_YHAT) !== 0,
    usesLabel: (expr.deps & DEPENDS_ON_Y) !== 0,
    validation: validationCheck(expr, { pairs: options.pairs, seed: options.seed, rate: options.rate, parameters }),
    gradientNorm,
    zeroGradient: isZeroGradient(fingerprint),
    grid,
  };
}

const cell = (value: number | null): string => ` ${(value === null ? 'n/a' : Number(value.toPrecision(5)).toString()).padStart(12)}`;

/** The inspection as text for people. */
export function formatLossInspection(data: LossInspection): string {
  const named = NAMED_LOSSES[data.source.trim().toLowerCase() as keyof typeof NAMED_LOSSES];
  const parameters = Object.entries(data.parameters).map(([name, value]) => `${name} = ${value}`).join(', ');
  const { validation } = data;
  const lines = [
    `loss:        ${named ? `${named.name} = ` : ''}${data.expression}`,
    `canonical:   ${data.canonical}`,
    `latex:       ${data.latex}`,
    `parameters:  ${parameters || 'none'}`,
    `validation:  ${validation.pass ? 'pass' : 'FAIL'} (${(100 * validation.passRate).toFixed(1)}% of ${validation.pairs} pairs have the right gradient sign; ${(100 * validation.requiredRate).toFixed(0)}% required)`,
    `gradient:    ${data.zeroGradient ? 'ZERO (no training signal)' : 'non-zero'} (max |∂f/∂ŷ| on the probe batch ${Number(data.gradientNorm.toPrecision(4))})`,
  ];
  if (!data.usesLabel) lines.push('warning:     the loss does not use the label y');
  if (!data.usesPrediction) lines.push('warning:     the loss does not use the prediction yhat');
  lines.push('', `${'yhat'.padStart(6)}${['loss (y=0)', 'd/dyhat', 'loss (y=1)', 'd/dyhat'].map((title) => ` ${title.padStart(12)}`).join('')}`);
  for (const row of data.grid) lines.push(`${row.yhat.toFixed(2).padStart(6)}${cell(row.loss0)}${cell(row.dYhat0)}${cell(row.loss1)}${cell(row.dYhat1)}`);
  return lines.join('\n');
}
