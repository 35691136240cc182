import { Rng } from '@recsearch/core';
import { compileLoss, defaultOperatorTable, withNodeWeights } from '@recsearch/expr';
import { localSearch } from './local-search';
import { metaObjective, syntheticMetaProblem } from './meta-problem';

const table = defaultOperatorTable();
const problem = syntheticMetaProblem(5, { dimensions: 3, rows: 24 });

describe('metaObjective', () => {
  it.each(['(yhat - y)^2', 'aq(tanh(yhat) - y, yhat * y) + max(yhat, y) * abs(y - yhat)', 'log(yhat + 1) * (1 - y) - y * sqrt(yhat)'])(
    'has the gradient of finite differences for %s',
    (source) => {
      const { expr, weights } = withNodeWeights(table.parse(source));
      const loss = compileLoss(expr, { differentiate: weights });
      const rng = Rng.fromSeed(2);
      const phi = Object.fromEntries(weights.map((name) => [name, 1 + 0.3 * rng.normal()]));
      const initial = Float64Array.from({ length: 3 }, () => rng.normal(0, 0.5));
      const { gradient } = metaObjective(problem, loss, phi, initial);
      const h = 1e-5;
      weights.forEach((name, k) => {
        const at = (delta: number) => metaObjective(problem, loss, { ...phi, [name]: phi[name] + delta }, initial).value;
        const numeric = (at(h) - at(-h)) / (2 * h);
        expect(Math.abs(gradient[k] - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)) + 1e-9);
      });
      expect(gradient.some((g) => Math.abs(g) > 1e-7)).toBe(true);
    },
  );

  it('is the held-out BCE of the model after one SGD step (hand-checked for the linear loss −y·ŷ)', () => {
    // ℓ = −φ·y·ŷ ⇒ ∂ℓ/∂ŷ = −φ·y; from w₀ = 0 (ŷ = ½, σ' = ¼): w₁ = η/n · Σ φ·y_i·¼·x_i.
    const tiny = { dimensions: 1, innerLearningRate: 0.5, initScale: 0,
      train: { features: Float64Array.from([1, -2]), labels: Float64Array.from([1, 1]), rows: 2 },
      validation: { features: Float64Array.from([3]), labels: Float64Array.from([0]), rows: 1 } };
    const { expr, weights } = withNodeWeights(table.parse('-(y * yhat)'));
    const loss = compileLoss(expr, { differentiate: weights });
    const phi = Object.fromEntries(weights.map((name) => [name, 1]));
    const w1 = (0.5 / 2) * (0.25 * 1 + 0.25 * -2);
    const z = 3 * w1;
    expect(metaObjective(tiny, loss, phi, new Float64Array(1)).value).toBeCloseTo(Math.log(1 + Math.exp(z)), 12);
  });
});

describe('localSearch', () => {
  const tree = table.parse('(yhat - y)^2 + tanh(yhat) * y');
  const mean = (phi: Record<string, number>, loss: ReturnType<typeof compileLoss>) => {
    const rng = Rng.fromSeed(77);
    let total = 0;
    for (let k = 0; k < 32; k++) total += metaObjective(problem, loss, phi, Float64Array.from({ length: 3 }, () => rng.normal(0, 0.1))).value;
    return total / 32;
  };

  it('is a pure function of the tree and its settings', () => {
    const settings = { steps: 30, learningRate: 1e-3, seed: 4, problem };
    expect(localSearch(tree, settings)).toEqual(localSearch(tree, settings));
  });

  it('lowers the meta-objective on fresh initialisations (φ starts near 1)', () => {
    const found = localSearch(tree, { steps: 250, learningRate: 1e-3, seed: 1, problem });
    const { expr, weights } = withNodeWeights(tree);
    const loss = compileLoss(expr, { differentiate: weights });
    const start = Object.fromEntries(weights.map((name) => [name, 1]));
    expect(found.steps).toBe(250);
    expect(mean(found.parameters, loss)).toBeLessThan(mean(start, loss));
    expect(found.objectiveAfter).toBeLessThan(found.objectiveBefore);
  });

  it('stops at the last finite φ when the loss is not finite', () => {
    const found = localSearch(table.parse('y / (yhat - yhat)'), { steps: 10, learningRate: 1e-3, seed: 1, problem });
    expect(found.steps).toBe(0);
    for (const value of Object.values(found.parameters)) expect(Math.abs(value - 1)).toBeLessThan(0.01);
  });
});
