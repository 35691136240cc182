import { gradientFingerprint, fingerprintDistance, isZeroGradient } from '../analysis/fingerprint';
import { validationCheck } from '../analysis/validation-check';
import { evaluate } from '../evaluate/interpret';
import { formatLossInspection, inspectLoss } from '../inspect/inspect-loss';
import { formatOperatorList, listOperators } from '../inspect/list-operators';
import { defaultOperatorTable } from '../operators/default-table';
import { OperatorTable } from '../operators/table';
import { namedLoss, NAMED_LOSSES } from './named-losses';

const at = (name: string, yhat: number, y: number, eps = 1e-6) => evaluate(namedLoss(name), { yhat, y, parameters: { eps } });

describe('named losses', () => {
  it('have the values computed by hand', () => {
    expect(at('mse', 0.3, 1)).toBeCloseTo(0.49, 14);
    expect(at('bce', 0.3, 1)).toBeCloseTo(-Math.log(0.3), 12);
    expect(at('bce', 0.3, 0)).toBeCloseTo(-Math.log(0.7), 12);
    expect(at('bce', 0, 1, 1e-3)).toBeCloseTo(-Math.log(1e-3), 12);
    expect(at('hinge', 0.8, 1)).toBeCloseTo(0.4, 14);
    expect(at('hinge', 0.8, 0)).toBeCloseTo(1.6, 14);
    expect(at('focal', 0.3, 1)).toBeCloseTo(-(0.7 ** 2) * Math.log(0.3), 12);
    expect(at('focal', 0.3, 0)).toBeCloseTo(-(0.3 ** 2) * Math.log(0.7), 12);
    expect(at('maxr', 0.25, 1, 0.1)).toBeCloseTo(1.1 / 0.35, 12);
    expect(at('sumr', 0.25, 1, 0.1)).toBeCloseTo(1.35 / 0.35, 12);
    expect(at('logmin', 0.25, 1, 0.1)).toBeCloseTo(Math.log(1.1 / 0.35) * 1.5, 12);
  });

  it('pass the validation check, and a wrong-way loss does not', () => {
    for (const name of Object.keys(NAMED_LOSSES)) {
      const result = validationCheck(namedLoss(name));
      expect({ name, pass: result.pass }).toEqual({ name, pass: true });
      expect(result.pairs).toBe(2000);
    }
    const wrong = validationCheck(defaultOperatorTable().parse('-(yhat - y)^2'));
    expect(wrong.passRate).toBe(0);
    expect(validationCheck(defaultOperatorTable().parse('yhat'), { rate: 0.4 }).pass).toBe(true);
  });

  it('fingerprint duplicates alike and flag constant losses as zero-gradient', () => {
    const table = defaultOperatorTable();
    const a = gradientFingerprint(table.parse('(yhat - y)^2'));
    const b = gradientFingerprint(table.parse('(y - yhat) * (y - yhat)'));
    expect(fingerprintDistance(a, b)).toBeLessThan(1e-12);
    expect(isZeroGradient(a)).toBe(false);
    expect(isZeroGradient(gradientFingerprint(table.parse('y * 3 + eps')))).toBe(true);
    expect(isZeroGradient(gradientFingerprint(OperatorTable.create({ clamp: 'reference-code' }).parse('Neg(yhat)')))).toBe(true);
  });
});

describe('inspectLoss', () => {
  it('reports canonical form, LaTeX, validation, zero gradient and a table, as plain data', () => {
    const data = inspectLoss('(y - yhat)^2');
    expect(data.expression).toBe('(y - yhat)^2');
    expect(data.key).toBe(inspectLoss('mse').key);
    expect(data.latex).toBe('{\\left(y - \\hat{y}\\right)}^{2}');
    expect(data.validation).toEqual({ pairs: 2000, passed: 2000, passRate: 1, requiredRate: 0.9, pass: true });
    expect(data.zeroGradient).toBe(false);
    expect(data.grid).toHaveLength(11);
    expect(data.grid[3]).toEqual({ yhat: 0.3, loss0: expect.closeTo(0.09, 12), dYhat0: expect.closeTo(0.6, 12), loss1: expect.closeTo(0.49, 12), dYhat1: expect.closeTo(-1.4, 12) });
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
    const text = formatLossInspection(data);
    expect(text).toContain('validation:  pass (100.0% of 2000 pairs');
    expect(text.split('\n').length).toBeGreaterThan(15);
  });

  it('flags a loss without gradient and one without the label, with a configurable rate', () => {
    const data = inspectLoss('eps * 2', { rate: 0.5, pairs: 100 });
    expect(data.zeroGradient).toBe(true);
    expect(data.usesLabel).toBe(false);
    expect(data.validation.pairs).toBe(100);
    expect(data.parameters).toEqual({ eps: 1e-6 });
    expect(formatLossInspection(data)).toContain('ZERO');
  });
});

describe('listOperators', () => {
  it('lists name, arity, family and formula of every public operator', () => {
    const rows = listOperators(defaultOperatorTable());
    expect(rows.find((row) => row.name === 'aq')).toEqual({ name: 'aq', arity: 2, family: 'evomal', formula: 'a / sqrt(1 + b^2) (analytic quotient)' });
    const text = formatOperatorList(rows);
    expect(text.split('\n')).toHaveLength(rows.length + 1);
    expect(text).toMatch(/^name\s+arity\s+family\s+formula/);
  });
});
