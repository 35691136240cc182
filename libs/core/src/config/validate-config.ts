import Ajv, { type ErrorObject } from 'ajv';
import { ConfigError, type ConfigProblem } from '../errors';
import type { JsonSchema } from '../plugins/manifest';
import { problemAt } from './config-source';
import type { RawConfig } from './load-config';
import type { ResolvedConfig } from './resolved-config';

function pathOf(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}

function describe(error: ErrorObject, root: unknown): { path: string[]; problem: ConfigProblem } {
  const path = pathOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = [...path, String(params['missingProperty'])];
      return { path: missing, problem: { message: 'is required but missing' } };
    }
    case 'additionalProperties': {
      const extra = [...path, String(params['additionalProperty'])];
      return { path: extra, problem: { message: 'is not a known option here', found: valueAt(root, extra) } };
    }
    case 'enum':
      return {
        path,
        problem: {
          message: `must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
          expected: 'one of the listed values',
          found: valueAt(root, path),
        },
      };
    default:
      return { path, problem: { message: error.message ?? error.keyword, expected: error.keyword, found: valueAt(root, path) } };
  }
}

/**
 * Validates a raw config against the composed schema, filling in defaults. Every problem is
 * listed with its JSON path, what was expected, the value found and the file:line it came from.
 */
export function validateConfig(raw: RawConfig, schema: JsonSchema): ResolvedConfig {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
  const validate = ajv.compile(schema);
  const value = structuredClone(raw.value);
  if (validate(value)) return value as unknown as ResolvedConfig;

  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'if') continue; // the failing `then` below it says what is wrong
    const { path, problem } = describe(error, value);
    const jsonPath = `/${path.join('/')}`;
    const key = `${jsonPath} ${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problemAt(raw.sources, path, { ...problem, jsonPath }));
  }
  throw new ConfigError(problems, `invalid configuration ${raw.file}`);
}
