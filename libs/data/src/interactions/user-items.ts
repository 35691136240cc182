import type { Interactions } from '@recsearch/core';

/**
 * Each user's distinct items, sorted, in one CSR structure: items of user u are
 * `items[offsets[u] .. offsets[u+1])`. Membership is a binary search.
 */
export class UserItems {
  private constructor(
    readonly userCount: number,
    readonly offsets: Int32Array,
    readonly items: Int32Array,
  ) {}

  /** From interactions; `keep(row)` false leaves a row out (e.g. to take positives only). */
  static from(interactions: Interactions, userCount: number, keep?: (row: number) => boolean): UserItems {
    const { users, items } = interactions;
    const counts = new Int32Array(userCount + 1);
    for (let row = 0; row < users.length; row++) if (!keep || keep(row)) counts[users[row] + 1]++;
    for (let user = 0; user < userCount; user++) counts[user + 1] += counts[user];
    const cursor = counts.slice(0, userCount);
    const flat = new Int32Array(counts[userCount]);
    for (let row = 0; row < users.length; row++) if (!keep || keep(row)) flat[cursor[users[row]]++] = items[row];
    // Sort each user's items and drop repeats, compacting in place.
    const offsets = new Int32Array(userCount + 1);
    let write = 0;
    for (let user = 0; user < userCount; user++) {
      const segment = flat.subarray(counts[user], counts[user + 1]).sort();
      offsets[user] = write;
      for (let k = 0; k < segment.length; k++) {
        if (k > 0 && segment[k] === segment[k - 1]) continue;
        flat[write++] = segment[k];
      }
    }
    offsets[userCount] = write;
    return new UserItems(userCount, offsets, flat.slice(0, write));
  }

  static fromLists(lists: readonly (readonly number[])[]): UserItems {
    const offsets = new Int32Array(lists.length + 1);
    lists.forEach((list, user) => (offsets[user + 1] = offsets[user] + new Set(list).size));
    const items = new Int32Array(offsets[lists.length]);
    lists.forEach((list, user) => items.set([...new Set(list)].sort((a, b) => a - b), offsets[user]));
    return new UserItems(lists.length, offsets, items);
  }

  countOf(user: number): number {
    return this.offsets[user + 1] - this.offsets[user];
  }

  itemsOf(user: number): Int32Array {
    return this.items.subarray(this.offsets[user], this.offsets[user + 1]);
  }

  has(user: number, item: number): boolean {
    let low = this.offsets[user];
    let high = this.offsets[user + 1] - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.items[middle];
      if (value === item) return true;
      if (value < item) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  get total(): number {
    return this.items.length;
  }
}
