import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { ConfigError, type ConfigProblem } from '../errors';
import type { JsonSchema } from './manifest';

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

function problem(error: ErrorObject, jsonPath: string): ConfigProblem {
  const params = error.params as Record<string, unknown>;
  const at = `${jsonPath}${error.instancePath}`;
  switch (error.keyword) {
    case 'required':
      return { jsonPath: `${at}/${String(params['missingProperty'])}`, message: 'is required but missing' };
    case 'additionalProperties':
      return { jsonPath: `${at}/${String(params['additionalProperty'])}`, message: 'is not a known option here' };
    default:
      return { jsonPath: at, message: error.message ?? error.keyword, expected: error.keyword };
  }
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
  const problems = (validate.errors ?? []).filter((error) => error.keyword !== 'if').map((error) => problem(error, jsonPath));
  throw new ConfigError(problems);
}
