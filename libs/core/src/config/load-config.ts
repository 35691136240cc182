import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors';
import { ConfigSource } from './config-source';

export type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Objects merge key by key; anything else (arrays included) in `over` replaces `base`. A plugin
 * section whose `type` changes is replaced whole: another plugin's options would not fit it.
 */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  if (typeof over['type'] === 'string' && over['type'] !== base['type']) return over;
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = deepMerge(base[key], value);
  return merged;
}

export interface RawConfig {
  /** The merged document: the `extends` chain, then the `--set` overrides. */
  value: JsonObject;
  /** Every document it came from, base first, for locating problems. */
  sources: ConfigSource[];
  file: string;
}

function readChain(file: string, seen: string[]): ConfigSource[] {
  const path = resolve(file);
  if (seen.includes(path)) {
    throw new ConfigError([{ file: path, jsonPath: '/extends', message: `extends cycle: ${[...seen, path].join(' → ')}` }]);
  }
  const source = ConfigSource.read(path);
  if (!isObject(source.value)) {
    throw new ConfigError([{ ...source.locate([]), jsonPath: '/', message: 'a configuration must be a JSON object' }]);
  }
  const parent = source.value['extends'];
  if (parent === undefined) return [source];
  if (typeof parent !== 'string') {
    throw new ConfigError([{ ...source.locate(['extends']), jsonPath: '/extends', message: 'must be a path to another config', found: parent }]);
  }
  return [...readChain(resolve(dirname(path), parent), [...seen, path]), source];
}

/** Parses `a.b.0.c=value`: the value is JSON when it parses as JSON, else a string. */
export function parseOverride(assignment: string): { path: string[]; value: unknown } {
  const at = assignment.indexOf('=');
  const path = at > 0 ? assignment.slice(0, at).split('.') : [];
  if (at <= 0 || path.some((segment) => segment === '')) {
    throw new ConfigError([{ file: '--set', message: `expected path=value, such as search.samples=20`, found: assignment }]);
  }
  const text = assignment.slice(at + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // not JSON: keep the text as a string
  }
  return { path, value };
}

function nest(path: string[], value: unknown, within: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(within) && /^\d+$/.test(head)) {
    const copy = [...within];
    copy[Number(head)] = nest(rest, value, within[Number(head)]);
    return copy;
  }
  const object = isObject(within) ? within : {};
  return { ...object, [head]: nest(rest, value, object[head]) };
}

/** Reads a config with its `extends` chain and applies `--set` overrides, without validating. */
export function loadRawConfig(file: string, overrides: readonly string[] = []): RawConfig {
  const sources = readChain(file, []);
  let value = sources.reduce<unknown>((merged, source) => deepMerge(merged, source.value), {}) as JsonObject;
  delete value['extends'];
  for (const assignment of overrides) {
    const { path, value: overrideValue } = parseOverride(assignment);
    value = nest(path, overrideValue, value) as JsonObject;
    sources.push(ConfigSource.synthetic(`--set ${assignment}`, nest(path, overrideValue, undefined)));
  }
  return { value, sources, file: resolve(file) };
}
