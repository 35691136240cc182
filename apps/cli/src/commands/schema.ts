import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { composedSchema, installedPlugins } from '../environment';
import type { CommandContext } from './command-context';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');
export const SCHEMA_FILE = resolve(WORKSPACE_ROOT, 'configs/schema/recsearch.schema.json');

export function schemaText(): string {
  return `${JSON.stringify(composedSchema(installedPlugins()), null, 2)}\n`;
}

export function registerSchema(program: Command, context: CommandContext): void {
  program
    .command('schema')
    .description('write the config JSON schema composed from every installed plugin (for editors)')
    .option('--out <file>', 'where to write it', SCHEMA_FILE)
    .option('--stdout', 'print it instead of writing a file')
    .action((options: { out: string; stdout?: boolean }) => {
      const output = context.output({});
      const text = schemaText();
      if (options.stdout) {
        process.stdout.write(text);
        return;
      }
      mkdirSync(dirname(options.out), { recursive: true });
      writeFileSync(options.out, text);
      output.result({ file: options.out }, `wrote ${options.out}`);
    });
}
