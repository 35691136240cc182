import { Rng } from '@recsearch/core';
import { reproducesRng, RngStream } from './rng-stream';
import type { TensorArena } from './arena';
import { fillMaskInArena, fillMaskInWasm } from './dropout-wasm';
import { dropoutSegment } from './wasm/kernels-binary';
import { scratch } from './wasm/scratch';

/**
 * Inverted-dropout mask: 0 with probability `rate`, else 1/(1 − rate). Native models and their
 * tfjs twins draw masks with this one function, so the same stream state gives the same masks.
 * With `place`, a mask in a model's arena is drawn there in place (see fillMaskInArena).
 */
export function fillDropoutMask(rng: Rng, rate: number, mask: Float32Array, count: number, place?: { arena: TensorArena; room: Int32Array }): void {
  if (rate <= 0) {
    mask.fill(1, 0, count);
    return;
  }
  const keep = 1 / (1 - rate);
  const work = scratch();
  if (work !== undefined && matchesRng()) {
    if (place === undefined || !fillMaskInArena(place.arena, place.room, work, rng, rate, keep, mask, count)) fillMaskInWasm(work, rng, rate, keep, mask, count);
    return;
  }
  if (reproducesRng()) {
    fillMaskFromState(rng, rate, keep, mask, count);
    return;
  }
  for (let k = 0; k < count; k++) mask[k] = rng.float() < rate ? 0 : keep;
}

/** The same draws on a local copy of the stream (see RngStream). */
function fillMaskFromState(rng: Rng, rate: number, keep: number, mask: Float32Array, count: number): void {
  const stream = RngStream.of(rng);
  for (let k = 0; k < count; k++) mask[k] = stream.float() < rate ? 0 : keep;
  stream.saveTo(rng);
}

let wasmChecked: boolean | undefined;

/**
 * Whether the wasm kernel reproduces `rng.float()` draw for draw and leaves the stream where the
 * calls would (checked once; if core's generator changes, masks fall back to the calls).
 */
function matchesRng(): boolean {
  let result = wasmChecked;
  if (result === undefined) {
    const bulk = Rng.fromSeed(20240607);
    const calls = Rng.fromSeed(20240607);
    const rate = 0.3;
    // Past two segments, so both the paired and the one-by-one paths are checked.
    const mask = new Float32Array(2 * dropoutSegment + 67);
    result = bulk.state().length === 4;
    if (result) {
      const work = scratch();
      if (work !== undefined) fillMaskInWasm(work, bulk, rate, 2, mask, mask.length);
      for (let k = 0; k < mask.length && result; k++) result = mask[k] === (calls.float() < rate ? 0 : 2);
      result &&= bulk.float() === calls.float();
    }
    wasmChecked = result;
  }
  return result;
}
