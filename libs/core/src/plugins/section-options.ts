import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { describeSchemaError } from '../config/schema-problem';
import { ConfigError, type ConfigProblem } from '../errors';
import type { JsonSchema } from './manifest';

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/** A schema error in options whose section sits at `jsonPath`. */
function problemBelow(error: ErrorObject, options: unknown, jsonPath: string): ConfigProblem {
  const { path, problem } = describeSchemaError(error, options);
  return { ...problem, jsonPath: `${jsonPath}${path.map((key) => `/${key}`).join('')}` };
}

/**
 * A plugin's options checked against its schema, defaults filled in (on a copy). A section
 * nested in another plugin's options is checked when it is built, so its problems carry the
 * JSON path of the section (e.g. `/search/controller/hiddenSize`).
 */
export function sectionOptions(schema: JsonSchema, options: Record<string, unknown>, jsonPath: string): Record<string, unknown> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  const value = structuredClone(options);
  if (validate(value)) return value;
  const problems = (validate.errors ?? []).filter((error) => error.keyword !== 'if').map((error) => problemBelow(error, value, jsonPath));
  throw new ConfigError(problems);
}
