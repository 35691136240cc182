/** The smoothing constant of AutoLossGen's found losses and of the clipped baselines. */
export const EPSILON = 'eps';
export const DEFAULT_EPSILON = 1e-6;

const weightName = /^phi\d*$/;

/** Parameters every expression may use without declaring them: `eps` and EvoMAL's weights `phi<N>`. */
export function isBuiltinParameter(name: string): boolean {
  return name === EPSILON || weightName.test(name);
}

/** The value a parameter takes when none is given: eps = 1e-6, every weight φ = 1. */
export function defaultParameterValue(name: string): number | undefined {
  if (name === EPSILON) return DEFAULT_EPSILON;
  if (weightName.test(name)) return 1;
  return undefined;
}
