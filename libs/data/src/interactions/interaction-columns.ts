import type { Interactions } from '@recsearch/core';

/** Growable typed-array columns, filled row by row while a file streams in. */
export class InteractionColumns {
  private users: Int32Array;
  private items: Int32Array;
  private ratings: Float32Array;
  private times: Float64Array;
  private count = 0;

  constructor(capacity = 1 << 16) {
    this.users = new Int32Array(capacity);
    this.items = new Int32Array(capacity);
    this.ratings = new Float32Array(capacity);
    this.times = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(user: number, item: number, rating: number, time: number): void {
    if (this.count === this.users.length) this.grow();
    const row = this.count++;
    this.users[row] = user;
    this.items[row] = item;
    this.ratings[row] = rating;
    this.times[row] = time;
  }

  /** Trimmed copies of the columns; `withTimes` false drops the time column. */
  toInteractions(withTimes: boolean): Interactions {
    const n = this.count;
    const out: Interactions = {
      users: this.users.slice(0, n),
      items: this.items.slice(0, n),
      ratings: this.ratings.slice(0, n),
    };
    if (withTimes) out.times = this.times.slice(0, n);
    return out;
  }

  private grow(): void {
    const capacity = this.users.length * 2;
    const users = new Int32Array(capacity);
    users.set(this.users);
    const items = new Int32Array(capacity);
    items.set(this.items);
    const ratings = new Float32Array(capacity);
    ratings.set(this.ratings);
    const times = new Float64Array(capacity);
    times.set(this.times);
    this.users = users;
    this.items = items;
    this.ratings = ratings;
    this.times = times;
  }
}

export function interactionCount(interactions: Interactions): number {
  return interactions.users.length;
}

/** The given rows, in the given order. */
export function selectRows(interactions: Interactions, rows: ArrayLike<number>): Interactions {
  const n = rows.length;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  const source = interactions.times;
  const times = source ? new Float64Array(n) : undefined;
  for (let k = 0; k < n; k++) {
    const row = rows[k];
    users[k] = interactions.users[row];
    items[k] = interactions.items[row];
    ratings[k] = interactions.ratings[row];
    if (times && source) times[k] = source[row];
  }
  return times ? { users, items, ratings, times } : { users, items, ratings };
}

/** Rows whose flag equals `part`, in their original order. */
export function rowsWhere(flags: Uint8Array, part: number): Int32Array {
  let count = 0;
  for (let row = 0; row < flags.length; row++) if (flags[row] === part) count++;
  const rows = new Int32Array(count);
  let k = 0;
  for (let row = 0; row < flags.length; row++) if (flags[row] === part) rows[k++] = row;
  return rows;
}

export function concatInteractions(parts: readonly Interactions[]): Interactions {
  const n = parts.reduce((sum, part) => sum + part.users.length, 0);
  const times = parts.every((part) => part.times !== undefined) ? new Float64Array(n) : undefined;
  const out: Interactions = { users: new Int32Array(n), items: new Int32Array(n), ratings: new Float32Array(n) };
  let offset = 0;
  for (const part of parts) {
    out.users.set(part.users, offset);
    out.items.set(part.items, offset);
    out.ratings.set(part.ratings, offset);
    if (times && part.times) times.set(part.times, offset);
    offset += part.users.length;
  }
  if (times) out.times = times;
  return out;
}

/** Row indices grouped by user (CSR), original order kept inside each user. */
export function rowsByUser(users: Int32Array, userCount: number): { offsets: Int32Array; rows: Int32Array } {
  const offsets = new Int32Array(userCount + 1);
  for (let row = 0; row < users.length; row++) offsets[users[row] + 1]++;
  for (let user = 0; user < userCount; user++) offsets[user + 1] += offsets[user];
  const cursor = offsets.slice(0, userCount);
  const rows = new Int32Array(users.length);
  for (let row = 0; row < users.length; row++) rows[cursor[users[row]]++] = row;
  return { offsets, rows };
}
