/**
 * A compiled loss: writes each row's loss ℓ(ŷ_r, y_r) to lossOut and dℓ/dŷ_r to gradOut (the
 * shape libs/expr compiles to). The trainer averages over the batch.
 */
export type LossGradient = (yhat: Float32Array, y: Float32Array, n: number, lossOut: Float32Array, gradOut: Float32Array) => void;

const clampEpsilon = 1e-7;

/** Binary cross-entropy with ŷ clamped to [1e-7, 1 − 1e-7]. */
export const binaryCrossEntropy: LossGradient = (yhat, y, n, lossOut, gradOut) => {
  for (let r = 0; r < n; r++) {
    const p = Math.min(Math.max(yhat[r], clampEpsilon), 1 - clampEpsilon);
    const label = y[r];
    lossOut[r] = -(label * Math.log(p) + (1 - label) * Math.log(1 - p));
    gradOut[r] = (p - label) / (p * (1 - p));
  }
};

/** Squared error (ŷ − y)². */
export const squaredError: LossGradient = (yhat, y, n, lossOut, gradOut) => {
  for (let r = 0; r < n; r++) {
    const difference = yhat[r] - y[r];
    lossOut[r] = difference * difference;
    gradOut[r] = 2 * difference;
  }
};
