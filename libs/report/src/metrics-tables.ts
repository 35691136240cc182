import type { RunSummary } from '@recsearch/core';
import type { LossEntry, MetricsTable } from './report-model';
import type { RunDigest } from './run-digest';

const TEST_PREFIX = 'test.';

function phasesTable(digest: RunDigest): MetricsTable {
  return {
    title: 'Phases',
    columns: ['candidates', 'passed', 'best reward', 'best candidate', 'seconds'],
    rows: digest.phases.map((phase) => ({
      label: `${phase.index}: ${phase.name}`,
      values: [phase.candidates, phase.passed, phase.bestReward, phase.bestCandidate, phase.seconds],
    })),
  };
}

function lossTable(losses: readonly LossEntry[]): MetricsTable {
  const columns = [...new Set(losses.flatMap((loss) => Object.keys(loss.metrics)))];
  return {
    title: 'Loss metrics',
    columns,
    rows: losses.map((loss) => ({ label: loss.baseline ?? `found (${loss.candidate})`, values: columns.map((column) => loss.metrics[column] ?? null) })),
  };
}

function bestTable(best: NonNullable<RunSummary['best']>): MetricsTable {
  const { candidate, verdict } = best;
  const described = candidate.kind === 'params' ? Object.entries(candidate.params).map(([name, value]) => [name, value] as const) : [['expression', candidate.expression] as const];
  return {
    title: `Best candidate (${candidate.id}, reward ${verdict.reward})`,
    columns: ['value'],
    rows: [...described, ...Object.entries(verdict.metrics)].map(([label, value]) => ({ label, values: [typeof value === 'boolean' ? String(value) : value] })),
  };
}

function splitTable(outcome: { validation?: Record<string, number>; test?: Record<string, number> }): MetricsTable {
  const names = [...new Set([...Object.keys(outcome.validation ?? {}), ...Object.keys(outcome.test ?? {})])];
  return {
    title: 'Final metrics',
    columns: ['validation', 'test'],
    rows: names.map((name) => ({ label: name, values: [outcome.validation?.[name] ?? null, outcome.test?.[name] ?? null] })),
  };
}

/** The report's tables: phases, the losses (or the best candidate) and the final metrics. */
export function metricsTables(
  summary: RunSummary | undefined,
  digest: RunDigest,
  losses: readonly LossEntry[],
  outcome: { validation?: Record<string, number>; test?: Record<string, number> } | undefined,
): MetricsTable[] {
  const tables: MetricsTable[] = [];
  if (digest.phases.length > 0) tables.push(phasesTable(digest));
  if (losses.length > 0 && losses.some((loss) => Object.keys(loss.metrics).some((name) => name.startsWith(TEST_PREFIX) || name === 'reward'))) tables.push(lossTable(losses));
  if (outcome) tables.push(splitTable(outcome));
  else if (summary?.best) tables.push(bestTable(summary.best));
  return tables;
}
