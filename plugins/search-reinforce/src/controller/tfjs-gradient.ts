import * as tf from '@tensorflow/tfjs';
import type { Decisions } from '../search-space';
import type { Policy } from './policy';
import type { Gradients } from './weights';

/**
 * The REINFORCE gradient by tfjs autodiff: ∇ of −mean_b log π_b · (advantage_b + entropyGradient·H_b),
 * with H_b the sampling entropy as a tensor. Every tensor it makes is released before it returns.
 */
export function tfjsGradient(policy: Policy, batch: readonly Decisions[], advantages: readonly number[], entropyGradient: number): Gradients {
  let gradients: Gradients = new Map();
  tf.tidy(() => {
    const tensors = policy.weights.tensors();
    const names = Object.keys(tensors);
    const objective = (...weights: tf.Tensor[]) => {
      const byName = Object.fromEntries(names.map((name, i) => [name, weights[i]]));
      const { logProb, entropy } = policy.score(byName, batch, entropyGradient !== 0);
      let weight: tf.Tensor1D = tf.tensor1d(advantages as number[]);
      if (entropy) weight = tf.add(weight, tf.mul(entropy, entropyGradient));
      return tf.neg(tf.mean(tf.mul(logProb, weight)));
    };
    const grads = tf.grads(objective)(names.map((name) => tensors[name]));
    gradients = new Map(names.map((name, i) => [name, Float64Array.from(grads[i].dataSync())]));
  });
  return gradients;
}
