import { Rng } from '@recsearch/core';
import type { Expr } from '../expression/expr';
import { compileLoss } from '../evaluate/compile';

/** A fixed batch of (ŷ, y) rows on which losses are compared by their gradients. */
export interface ProbeBatch {
  yhat: Float64Array;
  y: Float64Array;
}

export interface ProbeOptions {
  /** Rows (default 20, the reference code's). */
  size?: number;
  seed?: number;
  /** `continuous` (default, as the reference code): y ~ U(0, 1); `binary`: y ∈ {0, 1}. */
  labels?: 'continuous' | 'binary';
}

/** ŷ ~ U(0.1, 0.9) and labels as asked, from a seeded stream. */
export function probeBatch(options: ProbeOptions = {}): ProbeBatch {
  const size = options.size ?? 20;
  const rng = Rng.fromSeed(options.seed ?? 0);
  const yhat = new Float64Array(size);
  const y = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    yhat[i] = rng.uniform(0.1, 0.9);
    y[i] = options.labels === 'binary' ? rng.int(0, 1) : rng.float();
  }
  return { yhat, y };
}

let defaultProbe: ProbeBatch | undefined;

/**
 * ∂f/∂ŷ per row of the probe batch: AutoLossGen's zero-gradient and duplicate tests compare
 * losses by this vector.
 */
export function gradientFingerprint(expr: Expr, options: { probe?: ProbeBatch; parameters?: Readonly<Record<string, number>> } = {}): Float64Array {
  const probe = options.probe ?? (defaultProbe ??= probeBatch());
  const dYhat = new Float64Array(probe.yhat.length);
  compileLoss(expr, { differentiate: [] }).evaluate(probe, { dYhat }, options.parameters);
  return dYhat;
}

/** Largest absolute component (∞-norm); NaN if any component is NaN. */
export function maxNorm(vector: ArrayLike<number>): number {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) {
    const magnitude = Math.abs(vector[i]);
    if (Number.isNaN(magnitude)) return NaN;
    if (magnitude > norm) norm = magnitude;
  }
  return norm;
}

/** ∞-norm of the difference of two fingerprints. */
export function fingerprintDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let distance = 0;
  for (let i = 0; i < a.length; i++) {
    const gap = Math.abs(a[i] - b[i]);
    if (Number.isNaN(gap)) return NaN;
    if (gap > distance) distance = gap;
  }
  return distance;
}

/**
 * Whether every entry of a and b is less than δ apart: fingerprintDistance(a, b) < δ (for
 * non-empty fingerprints), stopping at the first entry δ or more apart (or NaN), which for
 * far-apart fingerprints comes after an entry or two.
 */
export function fingerprintWithin(a: ArrayLike<number>, b: ArrayLike<number>, delta: number): boolean {
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) < delta)) return false;
  return true;
}

/** A loss whose fingerprint is below δ everywhere (δ = 1e-4 as in AutoLossGen) gives no signal. */
export function isZeroGradient(fingerprint: ArrayLike<number>, threshold = 1e-4): boolean {
  const norm = maxNorm(fingerprint);
  return !(norm >= threshold);
}
