import type { Command } from 'commander';
import type { JsonSchema, LoadedPlugin } from '@recsearch/core';
import { loadRawConfig } from '@recsearch/core';
import { dirname } from 'node:path';
import { registryWith } from '../environment';
import type { CommandContext } from './command-context';

/** `name: type = default` for each option of a plugin's schema. */
export function optionSummary(schema: JsonSchema): string[] {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const type = property['enum'] ? (property['enum'] as unknown[]).map((v) => JSON.stringify(v)).join('|') : String(property['type'] ?? 'object');
    const fallback = property['default'] === undefined ? '' : ` = ${JSON.stringify(property['default'])}`;
    return `${name}${required.has(name) ? '' : '?'}: ${type}${fallback}`;
  });
}

function describe(plugin: LoadedPlugin) {
  const { id, kind, description, schema } = plugin.manifest;
  return { kind, id, description, source: plugin.source, options: optionSummary(schema) };
}

export function registerPlugins(program: Command, context: CommandContext): void {
  program
    .command('plugins')
    .description('list the plugins by kind, with their options')
    .option('--config <file>', "also load the plugins a config's `plugins` array names")
    .option('--json', 'print the list as JSON on stdout')
    .action(async (options: { config?: string; json?: boolean }) => {
      const output = context.output(options);
      const extra = options.config ? ((loadRawConfig(options.config).value['plugins'] as string[] | undefined) ?? []) : [];
      const registry = await registryWith(extra, options.config ? dirname(options.config) : process.cwd());
      const plugins = registry.list().map(describe);
      const lines = plugins.map(
        (plugin) => `${plugin.kind.padEnd(10)} ${plugin.id.padEnd(16)} ${plugin.description}\n${' '.repeat(28)}options: ${plugin.options.join(', ') || '—'}`,
      );
      output.result(plugins, lines.join('\n'));
    });
}
