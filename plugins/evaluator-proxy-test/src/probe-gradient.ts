import type { Batch, Recommender } from '@recsearch/core';

/**
 * ∇ω of a loss on a fixed probe batch and a fixed model, restricted to the parameters the
 * batch reaches (for MF: the batch's user and item rows), so it is short and cheap. The
 * loss enters only through dL/dŷ per row, so g(f) = Jᵀ·(dL_f/dŷ) / |B|.
 */
export class ProbeGradient {
  private readonly support: Array<{ tensor: number; index: Int32Array }>;
  readonly yhat: Float32Array;
  readonly size: number;

  constructor(private readonly model: Recommender, private readonly batch: Batch) {
    this.yhat = model.predict(batch, false).slice();
    const rows = batch.users.length;
    const reached = model.parameters().map((tensor) => new Uint8Array(tensor.values.length));
    for (let row = 0; row < rows; row++) {
      const unit = new Float32Array(rows);
      unit[row] = 1;
      this.gradientFor(unit).forEach((gradient, t) => {
        for (let k = 0; k < gradient.length; k++) if (gradient[k] !== 0) reached[t][k] = 1;
      });
    }
    this.support = reached.map((mask, tensor) => ({ tensor, index: Int32Array.from(Array.from(mask.keys()).filter((k) => mask[k] === 1)) }));
    this.size = this.support.reduce((sum, part) => sum + part.index.length, 0);
  }

  /** g(f) on the supported entries, for the per-row loss gradient dL/dŷ. */
  of(lossGradient: Float32Array): Float32Array {
    const scaled = lossGradient.map((value) => value / lossGradient.length);
    const gradients = this.gradientFor(scaled);
    const out = new Float32Array(this.size);
    let write = 0;
    for (const { tensor, index } of this.support) for (const k of index) out[write++] = gradients[tensor][k];
    return out;
  }

  private gradientFor(lossGradient: Float32Array): Float32Array[] {
    this.model.zeroGradients();
    this.model.predict(this.batch, false);
    this.model.backward(lossGradient);
    const gradients = this.model.parameters().map((tensor) => tensor.gradient.slice());
    this.model.zeroGradients();
    return gradients;
  }
}
