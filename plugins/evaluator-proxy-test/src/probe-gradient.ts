import type { Batch, Recommender } from '@recsearch/core';

/**
 * ∇ω of a loss on a fixed probe batch and a fixed model, restricted to the parameters the
 * batch reaches (for MF: the batch's user and item rows), so it is short. The loss enters only
 * through dL/dŷ per row, so g(f) = Jᵀ·(dL_f/dŷ) / |B|: the Jacobian J is taken once, and each
 * loss costs |B| × |support| multiply-adds.
 */
export class ProbeGradient {
  readonly yhat: Float32Array;
  /** Row r: ∂ŷ_r/∂ω on the support. */
  private readonly jacobian: Float32Array[];
  readonly size: number;

  constructor(model: Recommender, batch: Batch) {
    this.yhat = model.predict(batch, false).slice();
    const rows = batch.users.length;
    const perRow = Array.from({ length: rows }, (_, row) => {
      const unit = new Float32Array(rows);
      unit[row] = 1;
      model.zeroGradients();
      model.predict(batch, false);
      model.backward(unit);
      return model.parameters().map((tensor) => tensor.gradient.slice());
    });
    model.zeroGradients();
    const support: Array<[number, number]> = [];
    perRow[0]?.forEach((gradient, tensor) => {
      for (let k = 0; k < gradient.length; k++) if (perRow.some((row) => row[tensor][k] !== 0)) support.push([tensor, k]);
    });
    this.size = support.length;
    this.jacobian = perRow.map((row) => Float32Array.from(support, ([tensor, k]) => row[tensor][k]));
  }

  /** g(f) on the support, for the per-row loss gradient dL/dŷ (taken in float32, as the model's own). */
  of(lossGradient: ArrayLike<number>, out = new Float32Array(this.size)): Float32Array {
    out.fill(0);
    const scale = 1 / lossGradient.length;
    const { jacobian, size } = this;
    for (let r = 0; r < jacobian.length; r++) {
      const weight = Math.fround(lossGradient[r]) * scale;
      if (weight === 0) continue;
      const row = jacobian[r];
      for (let s = 0; s < size; s++) out[s] += weight * row[s];
    }
    return out;
  }

  /** The support entry that varies most between rows: the best one to bucket gradients by. */
  widestEntry(): number {
    let best = 0;
    let bestNorm = -1;
    for (let s = 0; s < this.size; s++) {
      const norm = this.jacobian.reduce((sum, row) => sum + Math.abs(row[s]), 0);
      if (norm > bestNorm) [best, bestNorm] = [s, norm];
    }
    return best;
  }
}
