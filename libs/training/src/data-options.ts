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

const ratios = { type: 'array', items: { type: 'number', minimum: 0 }, minItems: 3, maxItems: 3 };

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
