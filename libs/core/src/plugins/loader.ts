import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { PluginError } from '../errors';
import { isPluginKind, type LoadedPlugin, type PluginExports } from './manifest';

const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function describeExports(source: string, exported: unknown): PluginExports {
  const candidate = exported as Partial<PluginExports> | undefined;
  const manifest = candidate?.manifest;
  if (!manifest || typeof manifest !== 'object') throw new PluginError(source, 'exports no `manifest` object');
  const problems: string[] = [];
  if (typeof manifest.id !== 'string' || !ID_PATTERN.test(manifest.id)) {
    problems.push(`manifest.id must be lower-case words joined by dashes (found ${JSON.stringify(manifest.id)})`);
  }
  if (!isPluginKind(manifest.kind)) problems.push(`manifest.kind is not a plugin kind (found ${JSON.stringify(manifest.kind)})`);
  if (typeof manifest.description !== 'string') problems.push('manifest.description must be a string');
  if (!manifest.schema || typeof manifest.schema !== 'object') problems.push('manifest.schema must be a JSON schema object');
  if (typeof candidate?.containerModule?.load !== 'function') problems.push('exports no inversify `containerModule` (a ContainerModule)');
  if (problems.length) throw new PluginError(source, problems.join('; '));
  return candidate as PluginExports;
}

/**
 * Loads one plugin from a path (relative to `baseDir`) or a package name (resolved from
 * `baseDir`, then from recsearch itself). Every failure names the plugin.
 */
export function loadPlugin(specifier: string, baseDir: string): LoadedPlugin {
  const isPath = specifier.startsWith('.') || isAbsolute(specifier);
  let entry: string;
  try {
    entry = isPath
      ? require.resolve(resolve(baseDir, specifier))
      : require.resolve(specifier, { paths: [baseDir, __dirname] });
  } catch {
    const where = isPath ? resolve(baseDir, specifier) : `packages visible from ${baseDir}`;
    throw new PluginError(specifier, `cannot be found (looked in ${where})`);
  }
  let exported: unknown;
  try {
    exported = require(entry);
  } catch (error) {
    throw new PluginError(specifier, `failed to load ${entry}: ${(error as Error).message}`);
  }
  return { ...describeExports(specifier, exported), source: specifier };
}

interface PackageJson {
  name?: string;
  recsearch?: { plugin?: boolean };
}

function readPackageJson(file: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/** The node_modules folders Node would search from `dir` upwards. */
function nodeModulesFrom(dir: string): string[] {
  const folders: string[] = [];
  for (let current = resolve(dir); ; current = dirname(current)) {
    const folder = join(current, 'node_modules');
    if (existsSync(folder)) folders.push(folder);
    if (dirname(current) === current) return folders;
  }
}

/**
 * Names of the installed packages that declare `"recsearch": { "plugin": true }` in their
 * package.json, from the `@recsearch` scope and `recsearch-plugin-*` names: the built-in
 * plugins (workspace packages) and any a user installed with npm. No hand-kept list.
 */
export function discoverInstalledPlugins(fromDir: string): string[] {
  const names = new Set<string>();
  for (const folder of nodeModulesFrom(fromDir)) {
    const scoped = join(folder, '@recsearch');
    const candidates = [
      ...(existsSync(scoped) ? readdirSync(scoped).map((name) => `@recsearch/${name}`) : []),
      ...readdirSync(folder).filter((name) => name.startsWith('recsearch-plugin-')),
    ];
    for (const name of candidates) {
      if (readPackageJson(join(folder, name, 'package.json'))?.recsearch?.plugin === true) names.add(name);
    }
  }
  return [...names].sort();
}
