import type { Json } from '@recsearch/core';

const special: Record<string, number> = { Infinity: Infinity, '-Infinity': -Infinity, NaN: NaN };

/** JSON has no ±Infinity or NaN (a failed candidate's reward is −∞): write them as strings. */
export function encodeNumbers(value: unknown): Json {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(encodeNumbers);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, encodeNumbers(inner)]));
  return value as Json;
}

export function decodeNumbers<T>(value: Json): T {
  if (typeof value === 'string' && value in special) return special[value] as T;
  if (Array.isArray(value)) return value.map((inner) => decodeNumbers(inner)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, decodeNumbers(inner)])) as T;
  return value as T;
}
