import Ajv from 'ajv';
import { ConfigError, type ConfigProblem } from '../errors';
import type { JsonSchema } from '../plugins/manifest';
import { problemAt } from './config-source';
import { describeSchemaError } from './schema-problem';
import type { RawConfig } from './load-config';
import type { ResolvedConfig } from './resolved-config';

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
    const { path, problem } = describeSchemaError(error, value);
    const jsonPath = `/${path.join('/')}`;
    const key = `${jsonPath} ${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problemAt(raw.sources, path, { ...problem, jsonPath }));
  }
  throw new ConfigError(problems, `invalid configuration ${raw.file}`);
}
