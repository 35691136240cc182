import { Rng } from '@recsearch/core';
import { num, parameter, Y, YHAT } from '../expression/pool';
import { randomExpression } from '../expression/random-expression';
import { withNodeWeights } from '../expression/node-weights';
import { instantiate } from '../algebra/substitute';
import { OperatorTable } from '../operators/table';
import { centralDifference, close } from '../testing/numeric';
import { printExpression } from '../syntax/print';
import { compileLoss } from './compile';
import { evaluateDerivatives } from './interpret';

const table = OperatorTable.create({ composites: [{ name: 'softplus', params: ['x'], formula: 'log(1 + exp(x))' }] });

describe('compiled losses', () => {
  it('match the interpreter in value and ∂/∂ŷ on random expressions, into float64 and float32 buffers', () => {
    const rng = Rng.fromSeed(11);
    const operators = table.list();
    const n = 16;
    const yhat = Float64Array.from({ length: n }, () => rng.uniform(0.01, 0.99));
    const y = Float64Array.from({ length: n }, () => rng.int(0, 1));
    let compared = 0;
    for (let e = 0; e < 300; e++) {
      // No eps leaf here: 1/eps-sized intermediates overflow exp() and make both sides meaningless.
      const expr = randomExpression(rng, { operators, maxDepth: 4, leaves: [YHAT, Y, num(1), num(-1), num(0.5)] });
      const loss = new Float64Array(n);
      const dYhat = new Float64Array(n);
      const loss32 = new Float32Array(n);
      const compiled = compileLoss(expr);
      compiled.evaluate({ yhat, y }, { loss, dYhat });
      compiled.evaluate({ yhat, y }, { loss: loss32 });
      for (let i = 0; i < n; i++) {
        const reference = evaluateDerivatives(expr, { yhat: yhat[i], y: y[i] }, ['yhat']);
        expect(Object.is(loss[i], reference.value) || close(loss[i], reference.value, 1e-12)).toBe(true);
        expect(close(loss32[i], Math.fround(loss[i]), 0)).toBe(true);
        if (!Number.isFinite(reference.value) || !Number.isFinite(reference.derivatives[0])) continue;
        compared++;
        if (!close(dYhat[i], reference.derivatives[0], 1e-8, 1e-10)) {
          throw new Error(`${printExpression(expr)} at ${yhat[i]}, ${y[i]}: ∂/∂ŷ ${dYhat[i]} vs ${reference.derivatives[0]}`);
        }
      }
    }
    expect(compared).toBeGreaterThan(3000);
  });

  it('gives ∂/∂φ and the mixed ∂²/∂ŷ∂φ per row (checked against the interpreter and finite differences)', () => {
    const expr = table.parse('phi1 * tanh(phi2 * (yhat - y)^2) + phi3 * softplus(phi1 * yhat) * log((y + eps) / (yhat + eps))');
    const compiled = compileLoss(expr, { differentiate: ['phi1', 'phi2', 'phi3'] });
    expect(compiled.parameters).toEqual(['phi1', 'phi2', 'phi3', 'eps']);
    const values = { phi1: 0.9, phi2: 1.3, phi3: 0.7, eps: 0.1 };
    const yhat = [0.2, 0.5, 0.85];
    const y = [1, 0, 1];
    const dParameters = new Float64Array(9);
    const mixed = new Float64Array(9);
    const dYhat = new Float64Array(3);
    compiled.evaluate({ yhat, y }, { dYhat, dParameters, dYhatdParameters: mixed }, values);
    const names = ['phi1', 'phi2', 'phi3'];
    for (let i = 0; i < 3; i++) {
      const reference = evaluateDerivatives(expr, { yhat: yhat[i], y: y[i], parameters: values }, names);
      names.forEach((name, k) => {
        expect(dParameters[i * 3 + k]).toBeCloseTo(reference.derivatives[k], 10);
        const slope = centralDifference((p) => {
          const out = new Float64Array(1);
          compiled.evaluate({ yhat: [yhat[i]], y: [y[i]] }, { dYhat: out }, { ...values, [name]: p });
          return out[0];
        }, [values[name as keyof typeof values]], 0, 1e-5);
        expect(close(mixed[i * 3 + k], slope.slope, 1e-6, 1e-8)).toBe(true);
      });
    }
  });

  it('hoists what depends only on parameters out of the row loop and reads only the first n rows', () => {
    const compiled = compileLoss(table.parse('exp(eps * 2) * yhat'));
    const source = compiled.source({ loss: new Float64Array(1) });
    expect(source.indexOf('Math.exp')).toBeLessThan(source.indexOf('for ('));
    const loss = new Float64Array([9, 9, 9]);
    compiled.evaluate({ yhat: [1, 2, 3], y: [0, 0, 0] }, { loss }, { eps: 0 }, 2);
    expect([...loss]).toEqual([1, 2, 9]);
    expect(() => compiled.evaluate({ yhat: [1, 2], y: [0, 0] }, { loss: new Float64Array(1) })).toThrow(/loss holds 1 values, 2 needed/);
  });

  it('evaluates constants, leaves and parameters given as a vector', () => {
    for (const [expr, expected] of [[num(3), 3], [YHAT, 0.25], [Y, 1], [parameter('eps'), 0.5]] as const) {
      const compiled = compileLoss(expr);
      const loss = new Float64Array(1);
      const dYhat = new Float64Array(1);
      compiled.evaluate({ yhat: [0.25], y: [1] }, { loss, dYhat }, compiled.parameterVector({ eps: 0.5 }));
      expect(loss[0]).toBe(expected);
      expect(dYhat[0]).toBe(expr === YHAT ? 1 : 0);
    }
  });
});

describe('parameters', () => {
  it('weights every node with its own φ (EvoMAL), equal to the original at φ = 1, and differentiable by each φ', () => {
    const expr = table.parse('max(yhat, y) * log(yhat + eps)');
    const { expr: weighted, weights } = withNodeWeights(expr);
    expect(weights).toEqual(['phi0', 'phi1', 'phi2', 'phi3']);
    const compiled = compileLoss(weighted, { differentiate: weights });
    const loss = new Float64Array(1);
    const dParameters = new Float64Array(4);
    compiled.evaluate({ yhat: [0.3], y: [1] }, { loss, dParameters });
    expect(loss[0]).toBeCloseTo(evaluateDerivatives(expr, { yhat: 0.3, y: 1 }, []).value, 14);
    // ∂/∂φ of the root's weight is the unweighted value itself.
    expect(dParameters[3]).toBeCloseTo(loss[0], 14);
    const reference = evaluateDerivatives(weighted, { yhat: 0.3, y: 1 }, weights);
    reference.derivatives.forEach((d, k) => expect(dParameters[k]).toBeCloseTo(d, 12));
  });

  it('instantiates parameters with values', () => {
    const expr = instantiate(table.parse('(yhat + eps) / (y + eps)'), { eps: 0.5 });
    expect(printExpression(expr)).toBe('(yhat + 0.5) / (y + 0.5)');
  });
});
