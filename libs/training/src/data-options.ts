import type { SplitSpec } from '@recsearch/data';

/**
 * How a loaded dataset becomes training data. `classification`: ratings become 0/1 labels
 * (≥ binariseAt) and every row is a training example (AutoLossGen). `ranking`: every rating is
 * a positive, negatives are drawn per epoch, and evaluation ranks all unseen items (DE-Opt).
 */
export interface DataOptions {
  task: 'classification' | 'ranking';
  binariseAt: number;
  kCore?: number;
  /** Default: the split the dataset ships with, else leave-one-out by time (classification) or random 70/10/20 (ranking). */
  split?: SplitSpec;
  /** Ranking: sampled negatives per training positive, redrawn every epoch. */
  negatives: number;
}

const share = { type: 'number', minimum: 0, maximum: 1 };
const ratios = {
  type: 'object',
  additionalProperties: false,
  required: ['train', 'validation', 'test'],
  properties: { train: share, validation: share, test: share },
  description: 'Shares of the interactions (summing to 1), e.g. {"train": 0.7, "validation": 0.1, "test": 0.2}.',
};

export const dataOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'How the dataset becomes training data: task, labels, k-core, split, negatives.',
  properties: {
    task: { enum: ['classification', 'ranking'], default: 'classification' },
    binariseAt: { type: 'number', default: 4, description: 'Rating ≥ this is a positive (classification on explicit data).' },
    kCore: { type: 'integer', minimum: 1 },
    split: {
      type: 'object',
      required: ['kind'],
      properties: {
        kind: { enum: ['shipped', 'leave-one-out-by-time', 'random', 'per-user-random'] },
        minInteractions: { type: 'integer', minimum: 1 },
        positiveThreshold: { type: 'number' },
        ratios,
      },
      additionalProperties: false,
    },
    negatives: { type: 'integer', minimum: 1, default: 4 },
  },
} as const;
