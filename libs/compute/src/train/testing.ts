import { Rng } from '@recsearch/core';
import type { TrainingPairs } from './trainer';

/** Pairs labelled by hidden latent factors: y = 1 when u·v + noise > 0. Test fixture only. */
export function latentFactorPairs(options: { users: number; items: number; rows: number; dim: number; seed: number }): TrainingPairs {
  const rng = Rng.fromSeed(options.seed);
  const userFactors = Array.from({ length: options.users * options.dim }, () => rng.normal());
  const itemFactors = Array.from({ length: options.items * options.dim }, () => rng.normal());
  const users = new Int32Array(options.rows);
  const items = new Int32Array(options.rows);
  const labels = new Float32Array(options.rows);
  for (let r = 0; r < options.rows; r++) {
    const u = rng.int(0, options.users - 1);
    const i = rng.int(0, options.items - 1);
    let score = rng.normal(0, 0.5);
    for (let k = 0; k < options.dim; k++) score += userFactors[u * options.dim + k] * itemFactors[i * options.dim + k];
    users[r] = u;
    items[r] = i;
    labels[r] = score > 0 ? 1 : 0;
  }
  return { users, items, labels };
}

/** AUC by pair counting (ties count ½); O(n²), for small test sets. */
export function pairwiseAuc(scores: Float32Array, labels: Float32Array): number {
  let wins = 0;
  let pairs = 0;
  for (let a = 0; a < scores.length; a++) {
    if (labels[a] !== 1) continue;
    for (let b = 0; b < scores.length; b++) {
      if (labels[b] !== 0) continue;
      pairs++;
      if (scores[a] > scores[b]) wins++;
      else if (scores[a] === scores[b]) wins += 0.5;
    }
  }
  return wins / pairs;
}
