// Scalar helpers shared by operator values and by generated code (which receives this module).

/** AutoLossGen's ξ: the offset in Log and Reciprocal, and the paper's magnitude clamp [ξ, 1/ξ]. */
export const XI = 1e-6;
/** EvoMAL's protection threshold for log and sqrt. */
export const PROTECT = 1e-7;
/** The reference code's clamp of every AutoLossGen operator output. */
export const REFERENCE_LOW = 1e-5;
export const REFERENCE_HIGH = 1e5;

export function sgn(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** ∂max(a, b)/∂a: 1 if a > b, 0 if a < b, and ½ at a tie (so max stays symmetric). */
export function tie(a: number, b: number): number {
  return a > b ? 1 : a < b ? 0 : 0.5;
}

export function gt(a: number, b: number): number {
  return a > b ? 1 : 0;
}

export function plog(x: number): number {
  const m = Math.abs(x);
  return Math.log(m > PROTECT ? m : PROTECT);
}

/** Derivative of the protected log: 1/x where |x| > 1e-7, else 0. */
export function dplog(x: number): number {
  return Math.abs(x) > PROTECT ? 1 / x : 0;
}

export function psqrt(x: number): number {
  const m = Math.abs(x);
  return Math.sqrt(m > PROTECT ? m : PROTECT);
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The paper's clamp: magnitude into [ξ, 1/ξ], sign kept (0 counts as positive). */
export function cmag(x: number): number {
  const m = Math.abs(x);
  const c = m < XI ? XI : m > 1 / XI ? 1 / XI : m;
  return x < 0 ? -c : c;
}

/** Derivative of `cmag`: 1 strictly inside the band, 0 where the clamp holds the value. */
export function inmag(x: number): number {
  const m = Math.abs(x);
  return m > XI && m < 1 / XI ? 1 : 0;
}

/** The reference code's clamp into [1e-5, 1e5] (no sign kept). */
export function crange(x: number): number {
  return x < REFERENCE_LOW ? REFERENCE_LOW : x > REFERENCE_HIGH ? REFERENCE_HIGH : x;
}

export function inrange(x: number): number {
  return x > REFERENCE_LOW && x < REFERENCE_HIGH ? 1 : 0;
}
