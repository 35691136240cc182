import type { Categorical } from './categorical';

/**
 * d/d(raw logits) of α·Σ log p(draws) + β·H for one softmax decision, where the clipped logits
 * are c·tanh(raw) and `counts[k]` is how many draws chose k. ∂H/∂logit_k = −p_k(log p_k + H).
 */
export function decisionGradient(
  distribution: Categorical,
  raw: ArrayLike<number>,
  counts: (k: number) => number,
  draws: number,
  alpha: number,
  beta: number,
  tanhConstant: number,
): Float64Array {
  const entropy = beta === 0 ? 0 : distribution.entropy();
  const out = new Float64Array(raw.length);
  for (let k = 0; k < raw.length; k++) {
    const p = distribution.probabilities[k];
    if (p === 0) continue;
    const dLogit = alpha * (counts(k) - draws * p) + (beta === 0 ? 0 : -beta * p * (distribution.logProbabilities[k] + entropy));
    const t = Math.tanh(raw[k]);
    out[k] = dLogit * tanhConstant * (1 - t * t);
  }
  return out;
}

/** Adds hᵀ·d to W's gradient (W is rows × width, d is the first d.length columns) and returns W·d. */
export function linearBackward(h: ArrayLike<number>, d: ArrayLike<number>, w: Float64Array, dW: Float64Array, width: number): Float64Array {
  const dh = new Float64Array(h.length);
  for (let r = 0; r < h.length; r++) {
    const row = r * width;
    let back = 0;
    for (let k = 0; k < d.length; k++) {
      if (d[k] === 0) continue;
      dW[row + k] += h[r] * d[k];
      back += w[row + k] * d[k];
    }
    dh[r] = back;
  }
  return dh;
}
