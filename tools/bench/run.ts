/**
 * `npm run bench [-- name…]`: runs every tools/bench/*.bench.ts (or those named), prints one
 * table, and writes the rows with the machine's description to bench-results/<time>.json.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './bench-row';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)));
  const results: Array<BenchRow & { bench: string }> = [];
  for (const file of files) {
    const bench = file.replace(/\.bench\.ts$/, '');
    process.stderr.write(`running ${bench}…\n`);
    const { run } = (await import(join(__dirname, file))) as { run: () => Promise<BenchRow[]> };
    for (const row of await run()) results.push({ bench, ...row });
  }
  const table = results.map((row) => ({
    bench: row.bench,
    measure: row.name,
    value: Number(row.value.toPrecision(4)),
    unit: row.unit,
    target: row.target ?? '',
    met: row.ok === undefined ? '' : row.ok ? 'yes' : 'NO',
  }));
  console.table(table);
  const machine = { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  mkdirSync('bench-results', { recursive: true });
  const file = join('bench-results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ machine, results }, null, 2)}\n`);
  process.stderr.write(`wrote ${file}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
