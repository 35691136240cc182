import type { Command } from 'commander';
import { datasetFormats, datasetInfo, defaultCacheDir, downloadDataset, formatDatasetInfo } from '@recsearch/data';
import { UsageError } from '@recsearch/core';
import type { CommandContext } from './command-context';

function format(name: string) {
  const found = datasetFormats.find((entry) => entry.name === name);
  if (!found) throw new UsageError(`unknown dataset ${name}; known: ${datasetFormats.map((entry) => entry.name).join(', ')}`);
  return found;
}

export function registerDatasets(program: Command, context: CommandContext): void {
  const datasets = program.command('datasets').description('list, describe and download datasets');
  datasets
    .command('list')
    .description('the dataset formats recsearch reads, and which it can download')
    .option('--json', 'print the list as JSON on stdout')
    .action((options: { json?: boolean }) => {
      const rows = datasetFormats.map(({ name, description, expects, downloadable }) => ({ name, description, expects, downloadable }));
      const lines = rows.map((row) => `${row.name.padEnd(22)} ${row.description}\n${' '.repeat(23)}reads: ${row.expects}${row.downloadable ? '; downloadable' : ''}`);
      context.output(options).result(rows, lines.join('\n'));
    });
  datasets
    .command('info')
    .description('users, items, interactions, density and label balance (per split when it ships one)')
    .argument('<name>', 'a dataset format (see `datasets list`)')
    .argument('[location]', 'its file or folder (not needed for synthetic)')
    .option('--json', 'print the description as JSON on stdout')
    .action(async (name: string, location: string | undefined, options: { json?: boolean }) => {
      const dataset = await format(name).load(location);
      const info = datasetInfo(dataset);
      context.output(options).result(info, formatDatasetInfo(info));
    });
  datasets
    .command('download')
    .description("fetch a dataset from its publisher into the cache, verify its checksum and unpack it")
    .argument('<name>', 'ml-100k or ml-1m')
    .option('--cache <dir>', 'cache folder', defaultCacheDir())
    .option('--base-url <url>', 'fetch from a mirror instead of the publisher')
    .option('--force', 'download again even if cached')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (name: string, options: { cache: string; baseUrl?: string; force?: boolean; json?: boolean }) => {
      const output = context.output(options);
      const result = await downloadDataset(name, options.cache, { baseUrl: options.baseUrl, force: options.force });
      output.result(result, `${result.downloaded ? 'downloaded' : 'already cached'}: ${result.folder} (${result.bytes} bytes, ${result.checksum.algorithm} ${result.checksum.digest})`);
    });
}
