import { RecsearchError, type Rng } from '@recsearch/core';

/** A softmax over the valid entries of `logits`. */
export class Categorical {
  readonly probabilities: Float64Array;
  readonly logProbabilities: Float64Array;

  constructor(logits: ArrayLike<number>, readonly valid: (i: number) => boolean) {
    const n = logits.length;
    let max = -Infinity;
    for (let i = 0; i < n; i++) if (valid(i) && logits[i] > max) max = logits[i];
    if (max === -Infinity) throw new RecsearchError('no valid choice at this step of the controller');
    let total = 0;
    for (let i = 0; i < n; i++) if (valid(i)) total += Math.exp(logits[i] - max);
    const logTotal = Math.log(total) + max;
    this.probabilities = new Float64Array(n);
    this.logProbabilities = new Float64Array(n).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      if (!valid(i)) continue;
      this.logProbabilities[i] = logits[i] - logTotal;
      this.probabilities[i] = Math.exp(this.logProbabilities[i]);
    }
  }

  entropy(): number {
    let h = 0;
    for (let i = 0; i < this.probabilities.length; i++) if (this.probabilities[i] > 0) h -= this.probabilities[i] * this.logProbabilities[i];
    return h;
  }

  /** Inverse-CDF draw with the component's stream (never tf.multinomial). */
  sample(rng: Rng): number {
    const u = rng.float();
    let cumulative = 0;
    let last = -1;
    for (let i = 0; i < this.probabilities.length; i++) {
      if (this.probabilities[i] <= 0) continue;
      cumulative += this.probabilities[i];
      last = i;
      if (u < cumulative) return i;
    }
    return last;
  }
}

/** c·tanh(x) element-wise: AutoLossGen's logit clipping. */
export function clipLogits(logits: Float64Array, constant: number): Float64Array {
  for (let i = 0; i < logits.length; i++) logits[i] = constant * Math.tanh(logits[i]);
  return logits;
}
