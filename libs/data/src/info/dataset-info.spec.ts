import type { Dataset } from '@recsearch/core';
import { datasetInfo } from './dataset-info';
import { formatDatasetInfo } from './format-dataset-info';

describe('datasetInfo', () => {
  const interactions = (rows: [number, number, number][]) => ({
    users: Int32Array.from(rows, (row) => row[0]),
    items: Int32Array.from(rows, (row) => row[1]),
    ratings: Float32Array.from(rows, (row) => row[2]),
  });
  const dataset: Dataset = {
    name: 'hand',
    userCount: 2,
    itemCount: 5,
    feedback: 'explicit',
    interactions: interactions([[0, 0, 5], [0, 1, 2], [1, 1, 4], [1, 4, 4]]),
  };

  it('counts users, items, density, label balance and the rating histogram', () => {
    const info = datasetInfo(dataset);
    expect(info.all).toEqual({ rows: 4, users: 2, items: 3, density: 0.4, positives: 3, negatives: 1, positiveShare: 0.75 });
    expect(info.ratings).toEqual([
      { value: 2, count: 1 },
      { value: 4, count: 2 },
      { value: 5, count: 1 },
    ]);
    expect(info.split).toBeUndefined();
  });

  it('describes each part of a split', () => {
    const split = {
      train: interactions([[0, 0, 5], [0, 1, 2]]),
      validation: interactions([[1, 1, 4]]),
      test: interactions([]),
    };
    const info = datasetInfo({ ...dataset, feedback: 'binary', interactions: interactions([[0, 0, 1], [0, 1, 0], [1, 1, 1]]) }, split);
    expect(info.ratings).toBeUndefined();
    expect(info.split?.train).toMatchObject({ rows: 2, users: 1, items: 2, positives: 2, negatives: 0 });
    expect(info.split?.validation).toMatchObject({ rows: 1, density: 0.1, positiveShare: 1 });
    expect(info.split?.test.rows).toBe(0);
  });
});

describe('formatDatasetInfo', () => {
  it('prints one aligned row per part with counts, density and label balance', () => {
    const text = formatDatasetInfo(
      datasetInfo({
        name: 'tiny',
        userCount: 2,
        itemCount: 5,
        feedback: 'explicit',
        interactions: { users: Int32Array.from([0, 1, 1]), items: Int32Array.from([0, 1, 2]), ratings: Float32Array.from([5, 1, 0.5]) },
        notes: ['made by hand'],
      }),
    );
    expect(text.split('\n')).toEqual([
      'tiny: 2 users, 5 items, explicit feedback',
      'part  rows  users  items  density  positives  negatives  positive share',
      'all      3      2      3   30.00%          1          2          33.33%',
      'ratings: 0.5: 1 · 1: 1 · 5: 1',
      'note: made by hand',
    ]);
  });
});
