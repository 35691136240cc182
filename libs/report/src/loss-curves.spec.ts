import { gradientCurve, GRID_POINTS, lossEntry } from './loss-curves';

describe('gradientCurve', () => {
  it('MSE: ∂(ŷ − y)²/∂ŷ = 2(ŷ − y) on the grid, for y = 0 and y = 1', () => {
    const curve = gradientCurve('(yhat - y)^2');
    expect(curve).toHaveLength(2 * GRID_POINTS);
    expect(curve[0]).toEqual({ yhat: 0.01, y: 0, loss: expect.closeTo(0.0001, 12), dYhat: expect.closeTo(0.02, 12) });
    for (const point of curve) {
      expect(point.dYhat).toBeCloseTo(2 * (point.yhat - point.y), 12);
      expect(point.loss).toBeCloseTo((point.yhat - point.y) ** 2, 12);
    }
    expect(curve.filter((point) => point.y === 1).map((point) => point.yhat)).toEqual(curve.filter((point) => point.y === 0).map((point) => point.yhat));
  });

  it('BCE with ε = 0.1: −1/ŷ for y = 1 and 1/(1 − ŷ) for y = 0 inside the clamp, 0 outside it', () => {
    const bce = '-(y * log(min(max(yhat, eps), 1 - eps)) + (1 - y) * log(1 - min(max(yhat, eps), 1 - eps)))';
    for (const point of gradientCurve(bce, { eps: 0.1 })) {
      const inside = point.yhat > 0.1 && point.yhat < 0.9;
      const expected = !inside ? 0 : point.y === 1 ? -1 / point.yhat : 1 / (1 - point.yhat);
      expect(point.dYhat).toBeCloseTo(expected, 9);
    }
  });

  it('keeps an expression it cannot read, with the parser\'s reason and no curve', () => {
    const entry = lossEntry('c9', 'Frobnicate(yhat)', { reward: 0.1 });
    expect(entry).toMatchObject({ candidate: 'c9', expression: 'Frobnicate(yhat)', latex: null, curve: [] });
    expect(entry.curveProblem).toMatch(/Frobnicate/);
  });

  it('names a baseline and passes ε from the metrics to the curve', () => {
    const entry = lossEntry('p3-c4', 'max(0, 1 - (2 * y - 1) * (2 * yhat - 1))', { 'test.auc': 0.8 });
    expect(entry.baseline).toBe('Hinge');
    // Hinge: for y = 1, ∂/∂ŷ = −2 where 1 − (2ŷ − 1) > 0, i.e. everywhere below ŷ = 1.
    expect(entry.curve.filter((point) => point.y === 1).every((point) => point.dYhat === -2)).toBe(true);
  });
});
