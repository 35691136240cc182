import type { Json, RecommenderSnapshot } from '@recsearch/core';
import { ModelStateError } from './errors';

/** A snapshot as JSON: each tensor as base64 of its little-endian float32 bytes (exact, ~1.33 bytes per byte). */
export function encodeSnapshot(snapshot: RecommenderSnapshot): Json {
  const tensors: Record<string, string> = {};
  for (const [name, values] of Object.entries(snapshot.tensors)) {
    tensors[name] = Buffer.from(littleEndian(values).buffer).toString('base64');
  }
  return { model: snapshot.model, tensors, ...(snapshot.rngState === undefined ? {} : { rngState: snapshot.rngState }) };
}

export function decodeSnapshot(json: Json): RecommenderSnapshot {
  if (json === null || typeof json !== 'object' || Array.isArray(json) || typeof json.model !== 'string') {
    throw new ModelStateError('snapshot', 'not an encoded recommender snapshot (expected { model, tensors })');
  }
  const encoded = json.tensors;
  if (encoded === null || typeof encoded !== 'object' || Array.isArray(encoded)) {
    throw new ModelStateError(json.model, 'encoded snapshot has no tensors object');
  }
  const tensors: Record<string, Float32Array> = {};
  for (const [name, text] of Object.entries(encoded)) {
    if (typeof text !== 'string') throw new ModelStateError(json.model, `encoded tensor '${name}' is not a base64 string`);
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length % 4 !== 0) throw new ModelStateError(json.model, `encoded tensor '${name}' has ${bytes.length} bytes, not a multiple of 4`);
    const values = new Float32Array(bytes.length / 4);
    new Uint8Array(values.buffer).set(bytes);
    tensors[name] = littleEndian(values);
  }
  const rngState = Array.isArray(json.rngState) ? json.rngState.map(Number) : undefined;
  return { model: json.model, tensors, ...(rngState === undefined ? {} : { rngState }) };
}

const hostIsLittleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** A copy in little-endian byte order (or back): a no-op copy on little-endian hosts. */
function littleEndian(values: Float32Array): Float32Array {
  const copy = values.slice();
  if (!hostIsLittleEndian) {
    const view = new DataView(copy.buffer);
    for (let k = 0; k < copy.length; k++) view.setFloat32(k * 4, values[k], true);
  }
  return copy;
}
