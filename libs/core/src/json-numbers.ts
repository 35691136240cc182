import type { Json } from './contracts/candidate';

/**
 * `value` as JSON that keeps NaN and ±∞ (JSON has none; an untouched best score or a failed
 * candidate's reward is −∞): they travel as {"$number": "-Infinity"}. Undefined members are left out.
 */
export function encodeNumbers(value: unknown): Json {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (Array.isArray(value)) return value.map(encodeNumbers);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined).map(([key, inner]) => [key, encodeNumbers(inner)]));
  }
  return value as Json;
}

/** The value encodeNumbers wrote, NaN and ±∞ restored. */
export function decodeNumbers<T>(json: Json): T {
  if (Array.isArray(json)) return json.map((inner) => decodeNumbers(inner)) as T;
  if (json !== null && typeof json === 'object') {
    const keys = Object.keys(json);
    if (keys.length === 1 && keys[0] === '$number' && typeof json['$number'] === 'string') return Number(json['$number']) as T;
    return Object.fromEntries(keys.map((key) => [key, decodeNumbers(json[key])])) as T;
  }
  return json as T;
}
