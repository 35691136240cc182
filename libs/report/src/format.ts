import type { MetricsTable } from './report-model';

export function formatValue(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  return Number.isFinite(value) ? Number(value.toPrecision(5)).toString() : String(value);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [`| ${header.map(cell).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

export function htmlTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, raw = false): string {
  const text = (value: string) => (raw ? value : escapeHtml(value));
  return `<table><thead><tr>${header.map((name) => `<th>${escapeHtml(name)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((value) => `<td>${text(value)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export function tableRows(table: MetricsTable): string[][] {
  return table.rows.map((row) => [row.label, ...row.values.map(formatValue)]);
}

export const REPORT_CSS = `
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #222; max-width: 1180px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: #555; } .plots { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; border: 1px solid #e4e4e4; border-radius: 6px; padding: 8px; background: #fff; }
figcaption { font-weight: 600; margin-bottom: 4px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; } th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td code { white-space: pre-wrap; word-break: break-all; }
pre { background: #f7f7f7; padding: 8px; overflow: auto; font-size: 12px; } .problem { color: #a33; }
`;
