import type { Rng } from '@recsearch/core';
import { dropoutSegment } from './wasm/kernels-binary';
import { alignBytes, type Scratch } from './wasm/scratch';

/** Byte offsets in the scratch of dropoutMask's operands: the generator state, its jump table, the mask. */
export const dropoutLayout = { state: 0, jump: 16, mask: 16 + 128 * 16 } as const;
const { state: stateAt, jump: jumpAt, mask: maskAt } = dropoutLayout;

/**
 * The same draws on the wasm kernel: the two 64-bit state words go in as (low, high) int32
 * pairs, 2⁵³·rate rounded up is the drop threshold on the 53-bit draw (exact: the scaling is by
 * a power of two), and the generator's jump table lets it run two stretches of the stream at once.
 */
export function fillMaskInWasm(work: Scratch, rng: Rng, rate: number, keep: number, mask: Float32Array, count: number): void {
  work.reserve(maskAt + alignBytes(count * 4));
  // The kernel reads the table only for whole pairs of segments.
  if (count >= 2 * dropoutSegment) work.putWords(dropoutJumpTable(work), jumpAt);
  const [s01, s00, s11, s10] = rng.state();
  setState(work, s00, s01, s10, s11);
  work.kernels.dropoutMask(stateAt, maskAt, count, Math.ceil(rate * 9007199254740992), keep, jumpAt);
  work.take(maskAt, count, mask);
  rng.setState([work.word(stateAt + 4), work.word(stateAt), work.word(stateAt + 12), work.word(stateAt + 8)]);
}

function setState(work: Scratch, s00: number, s01: number, s10: number, s11: number): void {
  work.setWord(stateAt, s00);
  work.setWord(stateAt + 4, s01);
  work.setWord(stateAt + 8, s10);
  work.setWord(stateAt + 12, s11);
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
    for (let bit = 0; bit < 128; bit++) {
      const words = [0, 0, 0, 0];
      words[bit >> 5] = 1 << (bit & 31);
      setState(work, words[0], words[1], words[2], words[3]);
      work.kernels.dropoutMask(stateAt, maskAt, dropoutSegment, 0, 1, jumpAt);
      for (let w = 0; w < 4; w++) table[bit * 4 + w] = work.word(stateAt + 4 * w);
    }
    jumpTable = table;
  }
  return jumpTable;
}
