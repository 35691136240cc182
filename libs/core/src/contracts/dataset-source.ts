/**
 * User–item interactions as parallel columns, ids re-indexed to 0..userCount-1 and
 * 0..itemCount-1. `ratings` holds the explicit rating, or the 0/1 label once binarised.
 */
export interface Interactions {
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  /** Unix seconds, when the source has them. */
  times?: Float64Array;
}

/** What `ratings` means: explicit ratings, 0/1 labels, or all-positive implicit feedback. */
export type Feedback = 'explicit' | 'binary' | 'implicit';

/** Train / validation / test parts of one dataset, all on the dataset's index space. */
export interface DatasetSplit {
  train: Interactions;
  validation: Interactions;
  test: Interactions;
}

export interface Dataset {
  name: string;
  userCount: number;
  itemCount: number;
  interactions: Interactions;
  /** Absent means explicit. */
  feedback?: Feedback;
  /** Original ids by contiguous index (`userIds[u]` is the source's id of user u). */
  userIds?: readonly string[];
  itemIds?: readonly string[];
  /** A split that ships with the source (e.g. AutoLossGen's): use it instead of re-splitting. */
  split?: DatasetSplit;
  /** What loading changed or noticed, e.g. "3 duplicate (user, item) pairs: kept the last". */
  notes?: readonly string[];
}

export interface DatasetSource {
  load(): Promise<Dataset>;
}
export const DatasetSource = Symbol.for('recsearch.DatasetSource');
