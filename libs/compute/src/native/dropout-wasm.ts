import type { Rng } from '@recsearch/core';
import type { TensorArena } from './arena';
import { dropoutSegment } from './wasm/kernels-binary';
import type { NativeKernels } from './wasm/kernels';
import { alignBytes, type Scratch } from './wasm/scratch';

/** Words of dropoutMask's room: the generator state (two 64-bit words as int32 pairs), then its jump table. */
export const dropoutRoomWords = 4 + 128 * 4;

/** Byte offsets in the scratch of dropoutMask's operands: its room (state, then jump table), the mask. */
export const dropoutLayout = { state: 0, jump: 16, mask: 16 + 128 * 16 } as const;
const { state: stateAt, jump: jumpAt, mask: maskAt } = dropoutLayout;

/**
 * The draws of `count` rng.float() < rate on the wasm kernel, into the mask at byte `maskAt` of
 * the kernels' memory: the two 64-bit state words go in as (low, high) int32 pairs, 2⁵³·rate
 * rounded up is the drop threshold on the 53-bit draw (exact: the scaling is by a power of two),
 * and the generator's jump table (in `room`, needed from two segments on) lets it run two
 * stretches of the stream at once. The stream moves on as the calls would.
 */
function drawMask(kernels: NativeKernels, room: Int32Array, rng: Rng, rate: number, keep: number, maskAt: number, count: number): void {
  const [s01, s00, s11, s10] = rng.state();
  room.set([s00, s01, s10, s11]);
  kernels.dropoutMask(room.byteOffset, maskAt, count, Math.ceil(rate * 9007199254740992), keep, room.byteOffset + 16);
  rng.setState([room[1], room[0], room[3], room[2]]);
}

/** The draws in the shared scratch, copied out into `mask`. */
export function fillMaskInWasm(work: Scratch, rng: Rng, rate: number, keep: number, mask: Float32Array, count: number): void {
  work.reserve(maskAt + alignBytes(count * 4));
  // The kernel reads the table only for whole pairs of segments.
  if (count >= 2 * dropoutSegment) work.putWords(dropoutJumpTable(work), jumpAt);
  drawMask(work.kernels, work.wordView(stateAt, dropoutRoomWords), rng, rate, keep, maskAt, count);
  work.take(maskAt, count, mask);
}

/** Rooms in model arenas that hold the jump table already. */
const loadedRooms = new WeakSet<Int32Array>();

/**
 * The draws in place, when `mask` and `room` (dropoutRoomWords words) live in `arena`; false,
 * doing nothing, otherwise. `work` computes the jump table the first time one is needed.
 */
export function fillMaskInArena(arena: TensorArena, room: Int32Array, work: Scratch, rng: Rng, rate: number, keep: number, mask: Float32Array, count: number): boolean {
  const at = arena.offsetOf(mask);
  if (at < 0 || arena.offsetOf(room) < 0 || mask.length < count) return false;
  if (count >= 2 * dropoutSegment && !loadedRooms.has(room)) {
    room.set(dropoutJumpTable(work), 4);
    loadedRooms.add(room);
  }
  drawMask(arena.kernels, room, rng, rate, keep, at, count);
  return true;
}

let jumpTable: Int32Array | undefined;

/**
 * xoroshiro128+ is linear over GF(2): the state 2·dropoutSegment steps ahead is the xor, over the set
 * bits of (s0, s1), of where each bit alone goes. Those 128 states (as int32 words s0 low, s0
 * high, s1 low, s1 high) are found once by stepping each single-bit state on the kernel itself
 * (fewer values than a segment pair take the one-by-one path, which needs no table).
 */
function dropoutJumpTable(work: Scratch): Int32Array {
  if (jumpTable === undefined) {
    const table = new Int32Array(128 * 4);
    work.reserve(maskAt + dropoutSegment * 4);
    const state = work.wordView(stateAt, 4);
    for (let bit = 0; bit < 128; bit++) {
      state.fill(0);
      state[bit >> 5] = 1 << (bit & 31);
      work.kernels.dropoutMask(stateAt, maskAt, dropoutSegment, 0, 1, jumpAt);
      table.set(state, bit * 4);
    }
    jumpTable = table;
  }
  return jumpTable;
}
