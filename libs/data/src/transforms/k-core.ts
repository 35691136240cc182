import type { Dataset } from '@recsearch/core';
import { selectRows } from '../interactions/interaction-columns';

/**
 * Keeps the largest sub-dataset in which every user and every item has at least `k`
 * interactions (removal repeated until stable), and re-indexes users and items contiguously
 * in their old order. Original-id maps follow.
 */
export function kCore<D extends Dataset>(dataset: D, k: number, itemK = k): D {
  const { users, items } = dataset.interactions;
  const alive = new Uint8Array(users.length).fill(1);
  const userDegree = new Int32Array(dataset.userCount);
  const itemDegree = new Int32Array(dataset.itemCount);
  for (let row = 0; row < users.length; row++) {
    userDegree[users[row]]++;
    itemDegree[items[row]]++;
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (let row = 0; row < users.length; row++) {
      if (!alive[row]) continue;
      if (userDegree[users[row]] < k || itemDegree[items[row]] < itemK) {
        alive[row] = 0;
        userDegree[users[row]]--;
        itemDegree[items[row]]--;
        changed = true;
      }
    }
  }
  const rows: number[] = [];
  for (let row = 0; row < users.length; row++) if (alive[row]) rows.push(row);
  const kept = selectRows(dataset.interactions, rows);
  const reindex = (column: Int32Array, count: number, ids: readonly string[] | undefined) => {
    const present = new Uint8Array(count);
    for (let row = 0; row < column.length; row++) present[column[row]] = 1;
    const next = new Int32Array(count).fill(-1);
    const keptIds: string[] = [];
    for (let old = 0, fresh = 0; old < count; old++) {
      if (!present[old]) continue;
      next[old] = fresh++;
      keptIds.push(ids ? ids[old] : String(old));
    }
    for (let row = 0; row < column.length; row++) column[row] = next[column[row]];
    return keptIds;
  };
  const userIds = reindex(kept.users, dataset.userCount, dataset.userIds);
  const itemIds = reindex(kept.items, dataset.itemCount, dataset.itemIds);
  return {
    ...dataset,
    userCount: userIds.length,
    itemCount: itemIds.length,
    interactions: kept,
    userIds,
    itemIds,
    split: undefined,
    notes: [...(dataset.notes ?? []), `${k}-core: kept ${rows.length} of ${users.length} interactions`],
  };
}
