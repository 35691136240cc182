import type { Dataset, Feedback } from '@recsearch/core';
import { IdIndex } from '../interactions/id-index';
import { InteractionColumns, rowsByUser, selectRows } from '../interactions/interaction-columns';

/** What reading a file found, beside the data itself. */
export interface LoadReport {
  /** Lines read, blank ones included. */
  lines: number;
  /** Blank lines and headers that were skipped. */
  skipped: number;
  /** (user, item) pairs seen more than once; all but the last of each were dropped. */
  duplicatesDropped: number;
}

export interface LoadedDataset extends Dataset {
  userIds: readonly string[];
  itemIds: readonly string[];
  report: LoadReport;
}

export type DuplicatePolicy = 'keep-last' | 'keep-all';

/** Collects rows with the source's own ids, then re-indexes and (optionally) de-duplicates. */
export class DatasetBuilder {
  private readonly userIndex = new IdIndex();
  private readonly itemIndex = new IdIndex();
  readonly columns = new InteractionColumns();

  add(user: string, item: string, rating: number, time: number): void {
    this.columns.push(this.userIndex.indexOf(user), this.itemIndex.indexOf(item), rating, time);
  }

  build(options: {
    name: string;
    feedback: Feedback;
    withTimes: boolean;
    duplicates: DuplicatePolicy;
    lines: number;
    skipped: number;
  }): LoadedDataset {
    const users = this.userIndex.sortedRemap();
    const items = this.itemIndex.sortedRemap();
    let interactions = this.columns.toInteractions(options.withTimes);
    for (let row = 0; row < interactions.users.length; row++) {
      interactions.users[row] = users.remap[interactions.users[row]];
      interactions.items[row] = items.remap[interactions.items[row]];
    }
    let duplicatesDropped = 0;
    if (options.duplicates === 'keep-last') {
      const kept = lastOfEachPair(interactions.users, interactions.items, users.ids.length, items.ids.length);
      duplicatesDropped = interactions.users.length - kept.length;
      if (duplicatesDropped > 0) interactions = selectRows(interactions, kept);
    }
    const notes =
      duplicatesDropped > 0 ? [`${duplicatesDropped} duplicate (user, item) rows dropped; the last rating of each pair was kept`] : [];
    return {
      name: options.name,
      userCount: users.ids.length,
      itemCount: items.ids.length,
      interactions,
      feedback: options.feedback,
      userIds: users.ids,
      itemIds: items.ids,
      notes,
      report: { lines: options.lines, skipped: options.skipped, duplicatesDropped },
    };
  }
}

/** Rows to keep so that each (user, item) pair appears once, as its last row; original order. */
export function lastOfEachPair(users: Int32Array, items: Int32Array, userCount: number, itemCount: number): Int32Array {
  const { offsets, rows } = rowsByUser(users, userCount);
  const seenBy = new Int32Array(itemCount).fill(-1);
  const keep = new Uint8Array(users.length);
  let kept = 0;
  for (let user = 0; user < userCount; user++) {
    for (let k = offsets[user + 1] - 1; k >= offsets[user]; k--) {
      const row = rows[k];
      if (seenBy[items[row]] === user) continue;
      seenBy[items[row]] = user;
      keep[row] = 1;
      kept++;
    }
  }
  const out = new Int32Array(kept);
  let write = 0;
  for (let row = 0; row < keep.length; row++) if (keep[row]) out[write++] = row;
  return out;
}
