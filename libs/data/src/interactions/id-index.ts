/**
 * Maps a source's own ids (strings as read) to contiguous indices. Indices are first given in
 * order of appearance; `sortedRemap` then renumbers them in id order (numeric when every id is
 * an integer) so that, e.g., MovieLens user 1 becomes index 0 whatever the file order.
 */
export class IdIndex {
  private readonly byId = new Map<string, number>();
  private readonly ids: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  indexOf(id: string): number {
    let index = this.byId.get(id);
    if (index === undefined) {
      index = this.ids.length;
      this.byId.set(id, index);
      this.ids.push(id);
    }
    return index;
  }

  /** `remap[firstSeenIndex]` = rank of the id in sorted order, and the ids in that order. */
  sortedRemap(): { remap: Int32Array; ids: string[] } {
    const numeric = this.ids.every((id) => /^-?\d+$/.test(id));
    const order = this.ids.map((_, index) => index);
    if (numeric) {
      const values = this.ids.map(Number);
      order.sort((a, b) => values[a] - values[b]);
    } else {
      order.sort((a, b) => (this.ids[a] < this.ids[b] ? -1 : this.ids[a] > this.ids[b] ? 1 : 0));
    }
    const remap = new Int32Array(order.length);
    order.forEach((firstSeen, rank) => (remap[firstSeen] = rank));
    return { remap, ids: order.map((index) => this.ids[index]) };
  }
}
