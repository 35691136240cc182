import { alignBytes, scratch } from './wasm/scratch';

/** Adam's per-step constants as the SIMD kernel takes them. */
export interface AdamKernelStep {
  /** η / (1 − β₁ᵗ). */
  stepSize: number;
  beta1: number;
  beta2: number;
  /** 1 / (1 − β₂ᵗ). */
  inverseCorrection2: number;
  epsilon: number;
}

/**
 * A whole dense tensor's SGD (moments undefined) or Adam update on the SIMD kernels: w, g (and
 * m, v) copied in, updated, copied back; g is left zeroed. False when the kernels are unavailable.
 */
export function updateDenseInScratch(
  w: Float32Array,
  g: Float32Array,
  moments: { m: Float32Array; v: Float32Array; step: AdamKernelStep } | undefined,
  rate: number,
  l2: number,
): boolean {
  const work = scratch();
  if (work === undefined) return false;
  const size = w.length;
  const bytes = alignBytes(size * 4);
  // One row list [0] at byte 0, then w, g, m, v.
  const wAt = 16;
  const arrays = moments === undefined ? 2 : 4;
  work.reserve(wAt + arrays * bytes);
  work.setWord(0, 0);
  work.put(w, size, wAt);
  work.put(g, size, wAt + bytes);
  if (moments === undefined) {
    work.kernels.sgdRows(wAt, wAt + bytes, 0, 1, size, rate, l2);
  } else {
    const { m, v, step } = moments;
    work.put(m, size, wAt + 2 * bytes);
    work.put(v, size, wAt + 3 * bytes);
    work.kernels.adamRows(wAt, wAt + bytes, wAt + 2 * bytes, wAt + 3 * bytes, 0, 1, size, rate * step.stepSize, l2, step.beta1, 1 - step.beta1, step.beta2, 1 - step.beta2, step.inverseCorrection2, step.epsilon);
    work.take(wAt + 2 * bytes, size, m);
    work.take(wAt + 3 * bytes, size, v);
  }
  work.take(wAt, size, w);
  g.fill(0);
  return true;
}
