import { Rng } from '@recsearch/core';
import { fillDropoutMask } from './dropout';
import { ArenaPlan, TensorArena } from './arena';
import { dropoutLayout, dropoutRoomWords, fillMaskInWasm } from './dropout-wasm';
import { reproducesRng, RngStream, shuffleInPlace } from './rng-stream';
import { setSimdEnabled } from './wasm/kernels';
import { scratch } from './wasm/scratch';

describe('RngStream draws what Rng draws', () => {
  it('passes its own check against Rng', () => {
    expect(reproducesRng()).toBe(true);
  });

  it.each([1, 99, 123456])('floats and bounded ints, seed %i, and leaves the stream where the calls would', (seed) => {
    const calls = Rng.fromSeed(seed);
    const stream = RngStream.of(Rng.fromSeed(seed));
    for (let k = 0; k < 200; k++) expect(stream.float()).toBe(calls.float());
    for (const max of [0, 1, 2, 6, 1681, 94_637, 2 ** 32 - 1]) {
      for (let k = 0; k < 30; k++) expect(stream.below(max)).toBe(calls.int(0, max));
    }
    const copy = Rng.fromSeed(0);
    stream.saveTo(copy);
    expect(copy.state()).toEqual(calls.state());
  });

  it('shuffles as a loop of rng.int calls does', () => {
    const rng = Rng.fromSeed(5);
    const expected = Int32Array.from({ length: 1000 }, (_, k) => k);
    const calls = Rng.fromSeed(5);
    for (let r = expected.length - 1; r > 0; r--) {
      const j = calls.int(0, r);
      [expected[r], expected[j]] = [expected[j], expected[r]];
    }
    const order = Int32Array.from({ length: 1000 }, (_, k) => k);
    shuffleInPlace(rng, order);
    expect(Array.from(order)).toEqual(Array.from(expected));
    expect(rng.state()).toEqual(calls.state());
  });
});

describe('fillDropoutMask', () => {
  it.each([
    ['wasm', true],
    ['plain loops', false],
  ])('on %s: the masks of rng.float() < rate, stream left where the calls leave it', (_, simd) => {
    setSimdEnabled(simd);
    try {
      for (const rate of [0.2, 0.5, 0.999]) {
        const rng = Rng.fromSeed(42);
        const calls = Rng.fromSeed(42);
        const mask = new Float32Array(1003).fill(-1);
        fillDropoutMask(rng, rate, mask, 1001);
        const keep = Math.fround(1 / (1 - rate));
        for (let k = 0; k < 1001; k++) expect(mask[k]).toBe(calls.float() < rate ? 0 : keep);
        expect([mask[1001], mask[1002]]).toEqual([-1, -1]);
        expect(rng.state()).toEqual(calls.state());
      }
    } finally {
      setSimdEnabled(true);
    }
  });

  it.each([257, 1024, 2 * 1024 + 77, 6 * 512 + 5, 8192])(
    'the wasm kernel itself (not a fallback), %i values: the draws of rng.float() < rate, by segment pairs and one by one',
    (count) => {
      const work = scratch();
      expect(work).toBeDefined();
      if (work === undefined) return;
      for (const rate of [0.2, 0.5, 1e-9, 0.999999]) {
        const calls = Rng.fromSeed(count);
        const rng = Rng.fromSeed(count);
        const end = dropoutLayout.mask + 4 * count;
        work.reserve(end + 16);
        work.setWord(end, 12345);
        const mask = new Float32Array(count);
        fillMaskInWasm(work, rng, rate, 3, mask, count);
        let mismatches = 0;
        for (let k = 0; k < count; k++) if (mask[k] !== (calls.float() < rate ? 0 : 3)) mismatches++;
        expect(mismatches).toBe(0);
        expect(work.wordView(end, 1)[0]).toBe(12345);
        expect(rng.state()).toEqual(calls.state());
      }
    },
  );

  it("in a model's arena: in place, the same draws, the jump table loaded once and reused", () => {
    const count = 6 * 512 + 5;
    const arena = TensorArena.create(new ArenaPlan().ints(dropoutRoomWords).floats(count + 1));
    expect(arena).toBeDefined();
    if (arena === undefined) return;
    const room = arena.ints(dropoutRoomWords);
    const inArena = arena.floats(count + 1);
    inArena[count] = -1;
    const rng = Rng.fromSeed(8);
    const calls = Rng.fromSeed(8);
    for (const rate of [0.2, 0.5]) {
      const mask = inArena.subarray(0, count);
      fillDropoutMask(rng, rate, mask, count, { arena, room });
      const keep = Math.fround(1 / (1 - rate));
      let mismatches = 0;
      for (let k = 0; k < count; k++) if (mask[k] !== (calls.float() < rate ? 0 : keep)) mismatches++;
      expect(mismatches).toBe(0);
      expect(inArena[count]).toBe(-1);
      expect(rng.state()).toEqual(calls.state());
      // The kernel ran on the room: the stream's state went through it, and the jump table is there.
      expect(room.subarray(0, 4).some((word) => word !== 0)).toBe(true);
      expect(room.subarray(4).some((word) => word !== 0)).toBe(true);
    }
  });

  it('drops about `rate` of the units', () => {
    const mask = new Float32Array(100_000);
    fillDropoutMask(Rng.fromSeed(3), 0.2, mask, mask.length);
    const dropped = mask.filter((value) => value === 0).length / mask.length;
    expect(dropped).toBeGreaterThan(0.195);
    expect(dropped).toBeLessThan(0.205);
  });
});
