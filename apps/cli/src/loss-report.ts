import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecsearchEvent } from '@recsearch/core';
import { NAMED_LOSSES, printLatex, type OperatorTable } from '@recsearch/expr';

/** One trained loss of the final phase, as the paper's Table 5 shows it. */
export interface LossReportRow {
  candidate: string;
  /** The named loss it is (BCE, MSE, …), or null for a found one. */
  baseline: string | null;
  expression: string;
  latex: string;
  eps: number | null;
  validation: number;
  test: Record<string, number>;
}

export interface LossSearchReport {
  /** Phase I: how the candidates fared, by stage and outcome (e.g. `proxy-test: zero gradient`). */
  outcomes: Record<string, number>;
  rows: LossReportRow[];
}

const baselineOf = (expression: string) => Object.values(NAMED_LOSSES).find((loss) => loss.source === expression)?.name ?? null;

/** Builds the report from a run's event log: the final verdicts that carry test metrics. */
export function lossSearchReport(events: readonly RecsearchEvent[], table: OperatorTable): LossSearchReport | undefined {
  const outcomes: Record<string, number> = {};
  const rows: LossReportRow[] = [];
  let phase = 0;
  for (const event of events) {
    if (event.type === 'phase.started') phase = event.payload.index;
    if (event.type === 'evaluator.verdict' && phase === 0) {
      const { stage, verdict } = event.payload;
      const key = verdict.pass ? `${stage}: passed` : `${stage}: ${(verdict.reason ?? 'failed').replace(/ (of|as) (p\d+-)?c\d+$| on [\d.]+% .*$/, '')}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
    if (event.type !== 'candidate.evaluated' || event.payload.candidate.kind !== 'expression') continue;
    const { candidate, verdict } = event.payload;
    if (candidate.kind !== 'expression' || !Object.keys(verdict.metrics).some((name) => name.startsWith('test.'))) continue;
    const test = Object.fromEntries(Object.entries(verdict.metrics).filter(([name]) => name.startsWith('test.')).map(([name, value]) => [name.slice(5), value]));
    rows.push({
      candidate: candidate.id,
      baseline: baselineOf(candidate.expression),
      expression: candidate.expression,
      latex: printLatex(table.parse(candidate.expression)),
      eps: verdict.metrics['eps'] ?? null,
      validation: verdict.metrics['validation'],
      test,
    });
  }
  if (rows.length === 0) return undefined;
  rows.sort((a, b) => (b.test['auc'] ?? -Infinity) - (a.test['auc'] ?? -Infinity));
  return { outcomes, rows };
}

const number = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(4));

export function formatLossReport(report: LossSearchReport): string {
  const header = '| loss | test AUC | F1 (best threshold) | accuracy (best-F1 threshold) | validation | ε | formula | LaTeX |';
  const lines = report.rows.map(
    (row) =>
      `| ${row.baseline ?? `found (${row.candidate})`} | ${number(row.test['auc'])} | ${number(row.test['f1@best-threshold'])} | ${number(row.test['accuracy@best-f1-threshold'])} | ${number(row.validation)} | ${row.eps ?? '—'} | \`${row.expression}\` | $${row.latex}$ |`,
  );
  const outcomes = Object.entries(report.outcomes).map(([outcome, count]) => `- ${outcome}: ${count}`);
  return ['## Losses, trained the same way (final phase)', '', header, '|---|---|---|---|---|---|---|---|', ...lines, '', '## Search outcomes (phase 1, by stage)', '', ...outcomes, ''].join('\n');
}

/** Writes report.md and report.json into the run folder; returns the Markdown. */
export function writeLossReport(runDir: string, report: LossSearchReport): string {
  const markdown = `# Loss search report\n\n${formatLossReport(report)}`;
  writeFileSync(join(runDir, 'report.md'), markdown);
  writeFileSync(join(runDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return markdown;
}
