import type { Interactions } from '@recsearch/core';
import { Rng } from '@recsearch/core';
import { UserItems } from '../interactions/user-items';

/** Above this many bits the per-user membership test uses binary search instead of a bitset. */
const maxBitsetBits = 1 << 28;
/** A user who has seen more than this share of the items draws from the complement list. */
const denseShare = 0.5;

/**
 * Uniform negatives: for a user, an item drawn uniformly from the items the user has no
 * training interaction with. Seeded by its own `Rng`, whose state snapshots for resume; a new
 * call draws new negatives, so calling `epoch()` once per epoch redraws them every epoch.
 */
export class NegativeSampler {
  readonly seen: UserItems;
  private readonly bits: Uint32Array | undefined;
  private readonly wordsPerUser: number;
  private readonly complements = new Map<number, Int32Array>();

  constructor(
    train: Interactions,
    readonly userCount: number,
    readonly itemCount: number,
    readonly rng: Rng,
  ) {
    this.seen = UserItems.from(train, userCount);
    this.wordsPerUser = Math.ceil(itemCount / 32);
    if (userCount * this.wordsPerUser * 32 <= maxBitsetBits) {
      this.bits = new Uint32Array(userCount * this.wordsPerUser);
      for (let user = 0; user < userCount; user++) {
        for (const item of this.seen.itemsOf(user)) this.bits[user * this.wordsPerUser + (item >>> 5)] |= 1 << (item & 31);
      }
    }
  }

  isTraining(user: number, item: number): boolean {
    if (this.bits) return (this.bits[user * this.wordsPerUser + (item >>> 5)] & (1 << (item & 31))) !== 0;
    return this.seen.has(user, item);
  }

  /** One negative item for the user, or -1 when the user has interacted with every item. */
  sample(user: number): number {
    const seenCount = this.seen.countOf(user);
    if (seenCount >= this.itemCount) return -1;
    if (seenCount > this.itemCount * denseShare) {
      const complement = this.complementOf(user);
      return complement[this.rng.int(0, complement.length - 1)];
    }
    for (;;) {
      const item = this.rng.int(0, this.itemCount - 1);
      if (!this.isTraining(user, item)) return item;
    }
  }

  /** `perRow` negatives for each given user (row-major: user k's are out[k·perRow …]). */
  sampleFor(users: Int32Array, perRow = 1, out = new Int32Array(users.length * perRow)): Int32Array {
    for (let k = 0; k < users.length; k++) {
      for (let j = 0; j < perRow; j++) out[k * perRow + j] = this.sample(users[k]);
    }
    return out;
  }

  /**
   * One epoch of pointwise training rows: every given positive (label 1) followed by
   * `negativesPerPositive` fresh negatives for its user (label 0). Users without any
   * negative item get none.
   */
  epoch(positives: Interactions, negativesPerPositive = 1): Interactions {
    const n = positives.users.length;
    const width = 1 + negativesPerPositive;
    const users = new Int32Array(n * width);
    const items = new Int32Array(n * width);
    const ratings = new Float32Array(n * width);
    let write = 0;
    for (let row = 0; row < n; row++) {
      const user = positives.users[row];
      users[write] = user;
      items[write] = positives.items[row];
      ratings[write++] = 1;
      for (let j = 0; j < negativesPerPositive; j++) {
        const item = this.sample(user);
        if (item < 0) break;
        users[write] = user;
        items[write] = item;
        ratings[write++] = 0;
      }
    }
    return { users: users.slice(0, write), items: items.slice(0, write), ratings: ratings.slice(0, write) };
  }

  snapshot(): number[] {
    return this.rng.state();
  }

  restore(state: readonly number[]): void {
    this.rng.setState(state);
  }

  private complementOf(user: number): Int32Array {
    let complement = this.complements.get(user);
    if (!complement) {
      complement = new Int32Array(this.itemCount - this.seen.countOf(user));
      let write = 0;
      for (let item = 0; item < this.itemCount; item++) if (!this.isTraining(user, item)) complement[write++] = item;
      this.complements.set(user, complement);
    }
    return complement;
  }
}
