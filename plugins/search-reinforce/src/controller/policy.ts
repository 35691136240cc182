import type { Rng } from '@recsearch/core';
import type * as tf from '@tensorflow/tfjs';
import type { Decisions } from '../search-space';
import type { ControllerWeights, Gradients, WeightTensors } from './weights';

/** One sampled loss: its decisions, with the log-probability and entropy of sampling them. */
export interface Sample {
  decisions: Decisions;
  logProb: number;
  entropy: number;
  /** What the native backward pass needs of this forward pass (valid until the weights change). */
  trace?: unknown;
}

/** Decisions to differentiate, with the sampling trace when the weights have not changed since. */
export interface Scored {
  decisions: Decisions;
  trace?: unknown;
}

/**
 * A controller network. It samples in JS from the current weights; `score` is its tfjs form
 * (log-probabilities and entropies of given decisions as tensors, differentiable in the
 * weight tensors); `gradient`, when present, is the same gradient computed natively.
 */
export interface Policy {
  readonly weights: ControllerWeights;
  sample(rng: Rng): Sample;
  /** Per sample of the batch, log π(decisions) and (when asked) the sampling entropy, as [batch] tensors. */
  score(weights: WeightTensors, batch: readonly Decisions[], withEntropy: boolean): { logProb: tf.Tensor1D; entropy?: tf.Tensor1D };
  /** The gradient `tfjsGradient` computes (of −mean_b log π_b·(advantage_b + g·H_b)), without tfjs. */
  gradient?(batch: readonly Scored[], advantages: readonly number[], entropyGradient: number): Gradients;
}
