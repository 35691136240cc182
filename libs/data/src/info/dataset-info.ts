import type { Dataset, DatasetSplit, Interactions } from '@recsearch/core';
import { isPositive } from '../transforms/binarise';

/** Counts of one set of interactions. Density is rows / (dataset users × dataset items). */
export interface PartInfo {
  rows: number;
  users: number;
  items: number;
  density: number;
  positives: number;
  negatives: number;
  /** positives / rows (NaN when empty). */
  positiveShare: number;
}

export interface DatasetInfo {
  name: string;
  feedback: string;
  userCount: number;
  itemCount: number;
  all: PartInfo;
  /** How many times each rating value occurs, ascending by value (explicit data only). */
  ratings?: { value: number; count: number }[];
  split?: { train: PartInfo; validation: PartInfo; test: PartInfo };
  notes: readonly string[];
}

function distinct(column: Int32Array, count: number): number {
  const seen = new Uint8Array(count);
  let distinctCount = 0;
  for (let row = 0; row < column.length; row++) {
    if (!seen[column[row]]) {
      seen[column[row]] = 1;
      distinctCount++;
    }
  }
  return distinctCount;
}

export function describeInteractions(
  interactions: Interactions,
  dataset: Pick<Dataset, 'userCount' | 'itemCount' | 'feedback'>,
  positiveThreshold = 4,
): PartInfo {
  const rows = interactions.users.length;
  const positive = isPositive(dataset, positiveThreshold);
  let positives = 0;
  for (let row = 0; row < rows; row++) if (positive(interactions.ratings[row])) positives++;
  return {
    rows,
    users: distinct(interactions.users, dataset.userCount),
    items: distinct(interactions.items, dataset.itemCount),
    density: rows / (dataset.userCount * dataset.itemCount),
    positives,
    negatives: rows - positives,
    positiveShare: positives / rows,
  };
}

export function describeSplit(
  split: DatasetSplit,
  dataset: Pick<Dataset, 'userCount' | 'itemCount' | 'feedback'>,
  positiveThreshold = 4,
): { train: PartInfo; validation: PartInfo; test: PartInfo } {
  return {
    train: describeInteractions(split.train, dataset, positiveThreshold),
    validation: describeInteractions(split.validation, dataset, positiveThreshold),
    test: describeInteractions(split.test, dataset, positiveThreshold),
  };
}

/**
 * What `recsearch datasets info` prints: sizes, density and label balance, overall and per
 * split part (the given split, else the one shipped with the dataset). Labels: binary data's
 * 0/1, implicit data all positive, explicit data rating ≥ `positiveThreshold`.
 */
export function datasetInfo(dataset: Dataset, split = dataset.split, positiveThreshold = 4): DatasetInfo {
  const info: DatasetInfo = {
    name: dataset.name,
    feedback: dataset.feedback ?? 'explicit',
    userCount: dataset.userCount,
    itemCount: dataset.itemCount,
    all: describeInteractions(dataset.interactions, dataset, positiveThreshold),
    notes: dataset.notes ?? [],
  };
  if ((dataset.feedback ?? 'explicit') === 'explicit') {
    const histogram = new Map<number, number>();
    for (const rating of dataset.interactions.ratings) histogram.set(rating, (histogram.get(rating) ?? 0) + 1);
    info.ratings = [...histogram].sort((a, b) => a[0] - b[0]).map(([value, count]) => ({ value, count }));
  }
  if (split) info.split = describeSplit(split, dataset, positiveThreshold);
  return info;
}
