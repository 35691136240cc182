import type { FinishedCompareIndex } from './compare-index';

const number = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(4));

/** The arms' mean test metric and the tests, for the terminal. */
export function formatCompareResult(dir: string, index: FinishedCompareIndex): string {
  const { results, report } = index;
  const metric = results.testMetric;
  const arms = results.finals.map((final) => `  ${final.arm.padEnd(20)} test ${metric} ${number(final.metrics[metric]?.mean)} ± ${number(final.metrics[metric]?.sd)} (${final.runs} seeds)`);
  const tests = results.tests.map((test) => `  ${test.a} vs ${test.b}: p = ${test.pValue === null ? `— (${test.note})` : test.pValue.toPrecision(3)} (${test.pairs} pairs)`);
  return [
    `compared ${results.arms.length} arms × ${index.seeds.length} seeds`,
    ...arms,
    ...tests,
    ...(results.sampleSizeNote ? [`  note: ${results.sampleSizeNote}`] : []),
    `wrote ${report.markdown}`,
    `wrote ${report.html}`,
    `compare folder: ${dir}`,
  ].join('\n');
}
