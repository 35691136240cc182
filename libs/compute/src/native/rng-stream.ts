import { Rng } from '@recsearch/core';

/**
 * A local copy of an Rng's state stepped exactly as core's Rng steps it (pure-rand's
 * xoroshiro128+, 32-bit halves), so bulk draws skip two method calls per number. `saveTo` puts
 * the advanced state back. Users check `reproducesRng()` first: if core's generator ever
 * changes, they fall back to calling the Rng.
 */
export class RngStream {
  private constructor(
    private s01: number,
    private s00: number,
    private s11: number,
    private s10: number,
  ) {}

  static of(rng: Rng): RngStream {
    const [s01, s00, s11, s10] = rng.state();
    return new RngStream(s01 | 0, s00 | 0, s11 | 0, s10 | 0);
  }

  saveTo(rng: Rng): void {
    rng.setState([this.s01, this.s00, this.s11, this.s10]);
  }

  /** The next 32-bit output (signed). */
  next(): number {
    const { s00, s01 } = this;
    const out = (s00 + this.s10) | 0;
    const a0 = this.s10 ^ s00;
    const a1 = this.s11 ^ s01;
    this.s00 = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
    this.s01 = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
    this.s10 = (a1 << 5) ^ (a0 >>> 27);
    this.s11 = (a0 << 5) ^ (a1 >>> 27);
    return out;
  }

  /** As Rng.float(): uniform in [0, 1) with 53 bits. */
  float(): number {
    const high = this.next() >>> 5;
    const low = this.next() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** As Rng.int(0, max) for max < 2³²: rejection sampling on 32-bit outputs. */
  below(max: number): number {
    const range = max + 1;
    const allowed = range > 2 ? Math.floor(0x100000000 / range) * range : 0x100000000;
    let value = this.next() + 0x80000000;
    while (value >= allowed) value = this.next() + 0x80000000;
    return value % range;
  }
}

let verified: boolean | undefined;

/** Whether RngStream draws what Rng draws (checked once on floats and ints, and on the final state). */
export function reproducesRng(): boolean {
  if (verified === undefined) {
    const calls = Rng.fromSeed(977);
    verified = calls.state().length === 4;
    if (verified) {
      const stream = RngStream.of(Rng.fromSeed(977));
      for (let k = 0; k < 50 && verified; k++) verified = stream.float() === calls.float();
      for (const max of [1, 2, 3, 1000, 94637, 2 ** 31 + 5]) for (let k = 0; k < 20 && verified; k++) verified = stream.below(max) === calls.int(0, max);
      const copy = Rng.fromSeed(0);
      stream.saveTo(copy);
      verified &&= copy.float() === calls.float();
    }
  }
  return verified;
}

/** Fisher–Yates with `rng.int(0, r)` for r = n − 1 … 1, as a loop of those calls would do it. */
export function shuffleInPlace(rng: Rng, order: Int32Array): void {
  if (!reproducesRng()) {
    for (let r = order.length - 1; r > 0; r--) swap(order, r, rng.int(0, r));
    return;
  }
  const stream = RngStream.of(rng);
  for (let r = order.length - 1; r > 0; r--) swap(order, r, stream.below(r));
  stream.saveTo(rng);
}

function swap(order: Int32Array, a: number, b: number): void {
  const value = order[a];
  order[a] = order[b];
  order[b] = value;
}
