import type { Recommender, RecommenderShape } from '@recsearch/core';
import type { NativeRecommender } from './native/native-recommender';
import type { OptimizerOptions } from './native/optimizer';
import { createTfjsTwin } from './tfjs/twin';

/** Options every model plugin shares: which implementation runs it, and its initialisation. */
export interface ModelImplementationOptions {
  /** `native` Float32Array kernels (fast on CPU) or the `tfjs` twin (any tfjs backend, GPU included). */
  implementation: 'native' | 'tfjs';
  embeddingStd: number;
}

export const modelImplementationSchema = {
  implementation: { enum: ['native', 'tfjs'], default: 'native', description: 'native CPU kernels, or the tfjs twin (GPU backends).' },
  embeddingStd: { type: 'number', exclusiveMinimum: 0, default: 0.01, description: 'σ of the N(0, σ) embedding initialisation.' },
} as const;

/** Builds the native model for a shape, and its tfjs twin when that implementation is asked for. */
export function createRecommender(
  options: ModelImplementationOptions,
  shape: RecommenderShape,
  build: (common: { users: number; items: number; seed: number; embeddingStd: number; optimizer?: OptimizerOptions }) => NativeRecommender,
): Recommender {
  const native = build({ users: shape.users, items: shape.items, seed: shape.seed, embeddingStd: options.embeddingStd, optimizer: shape.optimizer as OptimizerOptions });
  return options.implementation === 'tfjs' ? createTfjsTwin(native) : native;
}
