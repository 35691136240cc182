import { decodeNumbers, type Json } from '@recsearch/core';

/** How snapshots before core's {"$number": …} codec wrote NaN and ±∞: as bare strings. */
const legacyStrings = new Set(['Infinity', '-Infinity', 'NaN']);

/** A snapshot written by core's encodeNumbers, or by this plugin's older string form, decoded. */
export function decodeSnapshotNumbers<T>(json: Json): T {
  return decodeNumbers<T>(tagLegacyNumbers(json));
}

/** The older form's "Infinity", "-Infinity" and "NaN" strings as core's {"$number": …} tags (tags already there left alone). */
function tagLegacyNumbers(json: Json): Json {
  if (typeof json === 'string' && legacyStrings.has(json)) return { $number: json };
  if (Array.isArray(json)) return json.map(tagLegacyNumbers);
  if (json !== null && typeof json === 'object' && !('$number' in json)) return Object.fromEntries(Object.entries(json).map(([key, inner]) => [key, tagLegacyNumbers(inner)]));
  return json;
}
