import type { DatasetInfo, PartInfo } from './dataset-info';

const thousands = (value: number): string => value.toLocaleString('en-US');
const percent = (value: number): string => (Number.isFinite(value) ? `${(100 * value).toFixed(2)}%` : '-');

function row(label: string, part: PartInfo): string[] {
  return [label, thousands(part.rows), thousands(part.users), thousands(part.items), percent(part.density), thousands(part.positives), thousands(part.negatives), percent(part.positiveShare)];
}

/** The plain-text table `recsearch datasets info` prints. */
export function formatDatasetInfo(info: DatasetInfo): string {
  const header = ['part', 'rows', 'users', 'items', 'density', 'positives', 'negatives', 'positive share'];
  const rows = [header, row('all', info.all)];
  if (info.split) {
    rows.push(row('train', info.split.train), row('validation', info.split.validation), row('test', info.split.test));
  }
  const widths = header.map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  const table = rows.map((cells) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
  const lines = [
    `${info.name}: ${thousands(info.userCount)} users, ${thousands(info.itemCount)} items, ${info.feedback} feedback`,
    ...table,
  ];
  if (info.ratings) {
    lines.push(`ratings: ${info.ratings.map(({ value, count }) => `${value}: ${thousands(count)}`).join(' · ')}`);
  }
  for (const note of info.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}
