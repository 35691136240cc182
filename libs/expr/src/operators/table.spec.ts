import { ConfigError, PluginError, type Operator } from '@recsearch/core';
import { compileLoss } from '../evaluate/compile';
import { evaluateDerivatives } from '../evaluate/interpret';
import { OperatorTable, type CompositeDefinition } from './table';

function problemsOf(composites: CompositeDefinition[]) {
  try {
    OperatorTable.create({ composites });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((problem) => ({ jsonPath: problem.jsonPath, message: problem.message }));
  }
  throw new Error('expected a ConfigError');
}

describe('OperatorTable', () => {
  it('holds the built-ins: EvoMAL twelve plus exp and sigmoid, AutoLossGen nine, arithmetic', () => {
    const names = OperatorTable.create().list().map((op) => op.name);
    for (const name of ['add', 'sub', 'mul', 'aq', 'min', 'max', 'sign', 'square', 'abs', 'log', 'sqrt', 'tanh', 'exp', 'sigmoid',
      'Add', 'Multi', 'Max', 'Min', 'Neg', 'Identical', 'Log', 'Square', 'Reciprocal', 'div', 'neg']) {
      expect(names).toContain(name);
    }
    expect(names.some((name) => name.startsWith('_'))).toBe(false);
  });

  it('defines a composite from a formula, with its derivative derived from the formula', () => {
    const table = OperatorTable.create({
      composites: [
        { name: 'softplus', params: ['x'], formula: 'log(1 + exp(x))' },
        { name: 'gap', params: ['a', 'b'], formula: 'softplus(a - b)' },
      ],
    });
    const softplus = table.require('softplus');
    expect(softplus.value(0.7)).toBeCloseTo(Math.log(1 + Math.exp(0.7)), 14);
    expect(softplus.derivative([0.7], 0)).toBeCloseTo(1 / (1 + Math.exp(-0.7)), 12);
    const gap = table.require('gap');
    expect(gap.derivative([0.3, 1.1], 1)).toBeCloseTo(-1 / (1 + Math.exp(0.8)), 12);
    const expr = table.parse('gap(yhat, y)');
    const dYhat = new Float64Array(1);
    compileLoss(expr).evaluate({ yhat: [0.4], y: [1] }, { dYhat });
    expect(dYhat[0]).toBeCloseTo(evaluateDerivatives(expr, { yhat: 0.4, y: 1 }, ['yhat']).derivatives[0], 12);
  });

  it('reports an unknown operator in a formula with its JSON path and position', () => {
    expect(problemsOf([{ name: 'f', params: ['x'], formula: 'x + foo(x)' }])).toEqual([
      { jsonPath: '/operators/0/formula', message: 'line 1, column 5: unknown operator "foo"' },
    ]);
  });

  it('reports an arity mismatch', () => {
    expect(problemsOf([{ name: 'ok', params: ['x'], formula: 'x' }, { name: 'f', params: ['x'], formula: 'max(x)' }])).toEqual([
      { jsonPath: '/operators/1/formula', message: 'line 1, column 1: operator max takes 2 operand(s) but got 1' },
    ]);
  });

  it('reports a cycle, including a self-reference', () => {
    const problems = problemsOf([
      { name: 'f', params: ['x'], formula: 'g(x) + 1' },
      { name: 'g', params: ['x'], formula: 'f(x) * 2' },
      { name: 'h', params: ['x'], formula: 'h(x)' },
    ]);
    expect(problems.map((problem) => problem.jsonPath).sort()).toEqual(['/operators/0/formula', '/operators/2/formula']);
    expect(problems.map((problem) => problem.message)).toContain('operators defined in a cycle: f → g → f');
    expect(problems.map((problem) => problem.message)).toContain('operators defined in a cycle: h → h');
  });

  it('reports bad names and operands, every problem at once', () => {
    const problems = problemsOf([
      { name: 'max', params: ['x'], formula: 'x' },
      { name: 'two words', params: ['x'], formula: 'x' },
      { name: 'f', params: ['yhat'], formula: 'yhat' },
      { name: 'g', params: ['x'], formula: 'x + y' },
    ]);
    expect(problems.map((problem) => problem.jsonPath)).toEqual([
      '/operators/0/name', '/operators/1/name', '/operators/2/params', '/operators/3/formula',
    ]);
  });

  it('takes plugin operators and refuses a second operator of the same name', () => {
    const cube: Operator = {
      name: 'cube', arity: 1, value: (x: number) => x ** 3, derivative: ([x]) => 3 * x * x,
      print: ([x]) => `cube(${x})`, latex: ([x]) => `{${x}}^{3}`,
    };
    const table = OperatorTable.create({ operators: [cube] });
    const expr = table.parse('cube(yhat - y)');
    const dYhat = new Float64Array(1);
    compileLoss(expr).evaluate({ yhat: [0.5], y: [1] }, { dYhat });
    expect(dYhat[0]).toBeCloseTo(0.75, 12);
    expect(() => compileLoss(expr).evaluate({ yhat: [0.5], y: [1] }, { dYhatdParameters: new Float64Array(0) })).not.toThrow();
    expect(() => OperatorTable.create({ operators: [{ ...cube, name: 'max' }] })).toThrow(PluginError);
  });
});
