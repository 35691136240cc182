import { pairedWilcoxon } from './significance';

describe('pairedWilcoxon', () => {
  it('reproduces the Hollander & Wolfe paired example (exact p = 0.0390625, V = 40)', () => {
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const result = pairedWilcoxon(x, y);
    expect(result.statistic).toBe(40);
    expect(result.pValue).toBeCloseTo(0.0390625, 10);
    expect(result.rejected).toBe(true);
    expect(result.pairs).toBe(9);
    expect(pairedWilcoxon(x, y, { alternative: 'greater' }).pValue).toBeCloseTo(0.01953125, 10);
  });

  it('gives p = 1, never more, when the statistic sits at the centre (3 pairs, W+ = 3 of 0…6)', () => {
    const result = pairedWilcoxon([0.79997, 0.77427, 0.77601], [0.77015, 0.78054, 0.79772]);
    expect(result.statistic).toBe(3);
    expect(result.pValue).toBe(1);
  });

  it('does not reject for symmetric differences, and refuses unequal lengths', () => {
    const a = [1, 2, 3, 4, 5, 6, 7, 8];
    const b = [2, 1, 4, 3, 6, 5, 8, 7];
    expect(pairedWilcoxon(a, b).rejected).toBe(false);
    expect(() => pairedWilcoxon([1, 2], [1])).toThrow(RangeError);
  });
});
