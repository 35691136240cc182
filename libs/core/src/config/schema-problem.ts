import type { ErrorObject } from 'ajv';
import type { ConfigProblem } from '../errors';

function pathOf(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}

/**
 * A schema error as a config problem: the path (unescaped keys, below the validated value) of
 * the option it concerns, what was expected and the value found there in `root`.
 */
export function describeSchemaError(error: ErrorObject, root: unknown): { path: string[]; problem: ConfigProblem } {
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
