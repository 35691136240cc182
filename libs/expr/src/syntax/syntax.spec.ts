import { Rng } from '@recsearch/core';
import { num, parameter, YHAT, Y } from '../expression/pool';
import { randomExpression } from '../expression/random-expression';
import { OperatorTable } from '../operators/table';
import { printExpression, printLatex } from './print';
import { ExpressionSyntaxError } from './syntax-error';

const table = OperatorTable.create({ composites: [{ name: 'softplus', params: ['x'], formula: 'log(1 + exp(x))' }] });

function syntaxErrorOf(source: string): { line: number; column: number; reason: string } {
  try {
    table.parse(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionSyntaxError);
    const { line, column, reason } = error as ExpressionSyntaxError;
    return { line, column, reason };
  }
  throw new Error(`parsed: ${source}`);
}

describe('printing and parsing', () => {
  it('prints MaxR readably and reads it back to the same node', () => {
    const source = 'max((yhat + eps) / (y + eps), (y + eps) / (yhat + eps))';
    const expr = table.parse(source);
    expect(printExpression(expr)).toBe(source);
    expect(table.parse(printExpression(expr))).toBe(expr);
  });

  it('shares equal subtrees (hash-consing)', () => {
    const expr = table.parse('(yhat + eps) * (yhat + eps)');
    expect(expr.kind === 'apply' && expr.args[0] === expr.args[1]).toBe(true);
  });

  it('keeps written structure, signs and constants exactly', () => {
    const cases: Array<[string, string]> = [
      ['-2 * yhat', '-2 * yhat'],
      ['-(2) * yhat', '-(2) * yhat'],
      ['-2^2', '-2^2'],
      ['(-2)^2', '(-2)^2'],
      ['yhat - (y - 1)', 'yhat - (y - 1)'],
      ['yhat - y - 1', 'yhat - y - 1'],
      ['--yhat', '-(-yhat)'],
      ['yhat - -1', 'yhat - -1'],
      ['0.1 + 1e-7 * ŷ', '0.1 + 1e-7 * yhat'],
      ['Log(Reciprocal(ŷ))', 'Log(Reciprocal(yhat))'],
      ['y\u0302 * y + Log(y\u0302)', 'yhat * y + Log(yhat)'],
      ['\tyhat\n-  y', 'yhat - y'],
      ['(yhat^2)^2', '(yhat^2)^2'],
      ['-yhat^2', '-yhat^2'],
      ['φ3 · ε', 'phi3 * eps'],
    ];
    for (const [source, printed] of cases) {
      const expr = table.parse(source);
      expect(printExpression(expr)).toBe(printed);
      expect(table.parse(printed)).toBe(expr);
    }
    expect(table.parse('-2 * yhat')).not.toBe(table.parse('-(2) * yhat'));
  });

  it('round-trips 10,000 random expressions exactly', () => {
    const rng = Rng.fromSeed(42);
    const operators = table.list();
    const leaves = [YHAT, Y, num(1), num(-1), num(0.5), parameter('eps'), parameter('phi7')];
    for (let i = 0; i < 10_000; i++) {
      const expr = randomExpression(rng, { operators, maxDepth: 5, leaves, randomConstantProbability: 0.2 });
      const printed = printExpression(expr);
      const parsed = table.parse(printed);
      if (parsed !== expr) throw new Error(`round trip changed ${printed} into ${printExpression(parsed)}`);
    }
  });

  it('prints LaTeX', () => {
    expect(printLatex(table.parse('(yhat - y)^2 / (2 * eps) + sqrt(abs(phi1))'))).toBe(
      '\\frac{{\\left(\\hat{y} - y\\right)}^{2}}{2 \\cdot \\epsilon} + \\sqrt{\\left\\lvert \\phi_{1} \\right\\rvert}',
    );
  });

  it('reports line, column and what was expected', () => {
    expect(syntaxErrorOf('max(yhat, y')).toEqual({ line: 1, column: 12, reason: 'expected "," or ")" but found end of input' });
    expect(syntaxErrorOf('yhat +\n  * y')).toEqual({ line: 2, column: 3, reason: 'expected a number, a name or "(" but found "*"' });
    expect(syntaxErrorOf('yhat ^ 3')).toMatchObject({ line: 1, column: 8 });
    expect(syntaxErrorOf('foo(y)')).toEqual({ line: 1, column: 1, reason: 'unknown operator "foo"' });
    expect(syntaxErrorOf('yhat + yht')).toMatchObject({ line: 1, column: 8 });
    expect(syntaxErrorOf('y $ 2')).toEqual({ line: 1, column: 3, reason: 'unexpected character "$"' });
    expect(syntaxErrorOf('tanh(y, yhat)')).toEqual({ line: 1, column: 1, reason: 'operator tanh takes 1 operand(s) but got 2' });
    expect(syntaxErrorOf('(y + 1) yhat')).toEqual({ line: 1, column: 9, reason: 'expected an operator or end of input but found "yhat"' });
    expect(new ExpressionSyntaxError(3, 4, 'x', '').message).toBe('line 3, column 4: x');
  });
});

describe('ExpressionSyntaxError.excerpt', () => {
  it('points at the column on the offending line', () => {
    try {
      table.parse('yhat +\n  * y');
    } catch (error) {
      expect((error as ExpressionSyntaxError).excerpt()).toBe('  * y\n  ^');
      return;
    }
    throw new Error('parsed');
  });
});
