import { Rng } from '@recsearch/core';
import { evaluate } from '../evaluate/interpret';
import type { Expr } from '../expression/expr';
import { num, parameter, Y, YHAT } from '../expression/pool';
import { randomExpression } from '../expression/random-expression';
import { OperatorTable } from '../operators/table';
import { close } from '../testing/numeric';
import { canonicalForm, canonicalKey } from './canonical';

const table = OperatorTable.create();
const key = (source: string) => canonicalKey(table.parse(source));

describe('canonical key', () => {
  it.each([
    ['(yhat - y)^2', '(y - yhat)^2'],
    ['yhat + y', 'y + yhat'],
    ['(yhat + y) + 1', 'yhat + (y + 1)'],
    ['yhat * 1 + 0', 'yhat'],
    ['-(-yhat)', 'yhat'],
    ['yhat - y + y', 'yhat'],
    ['2 * 3 * yhat', '6 * yhat'],
    ['yhat / 2', '0.5 * yhat'],
    ['square(yhat)', 'yhat * yhat'],
    ['abs(y - yhat)', 'abs(yhat - y)'],
    ['max(max(y, yhat), 1)', 'max(1, max(yhat, y))'],
    ['max(yhat, yhat)', 'yhat'],
    ['min(2, min(yhat, 3))', 'min(yhat, 2)'],
    ['log(1) + yhat', 'yhat'],
    ['tanh(-yhat)', '-tanh(yhat)'],
    ['2 * yhat + 2 * y', '2 * (y + yhat)'],
    ['(1 - yhat) * -1', 'yhat - 1'],
    ['Add(yhat, y)', 'Add(y, yhat)'],
    ['Identical(Add(y, yhat))', 'Add(yhat, y)'],
    ['max((yhat + eps) / (y + eps), (y + eps) / (yhat + eps))', 'max((eps + y) / (yhat + eps), (eps + yhat) / (y + eps))'],
  ])('%s ≡ %s', (a, b) => {
    expect(key(a)).toBe(key(b));
  });

  it.each([
    ['yhat - y', 'y - yhat'],
    ['yhat / y', 'y / yhat'],
    ['Identical(yhat)', 'yhat'],
    ['Add(Add(yhat, y), 1)', 'Add(yhat, Add(y, 1))'],
    ['sqrt(yhat^2)', 'yhat'],
    ['log(exp(yhat))', 'yhat'],
    ['max(yhat, y) + eps', 'max(yhat, y)'],
  ])('%s ≢ %s', (a, b) => {
    expect(key(a)).not.toBe(key(b));
  });

  it('gives equal values at random points whenever keys are equal (thousands of expressions)', () => {
    const rng = Rng.fromSeed(7);
    const names = ['add', 'sub', 'mul', 'div', 'neg', 'square', 'max', 'min', 'abs', 'tanh', 'sign', 'aq', 'Add', 'Multi', 'Max', 'Identical', 'Neg'];
    const operators = names.map((name) => table.require(name));
    const leaves = [YHAT, Y, num(1), num(-1), num(2), parameter('eps')];
    const groups = new Map<string, Expr[]>();
    for (let i = 0; i < 6000; i++) {
      const expr = randomExpression(rng, { operators, maxDepth: 3, leaves, leafProbability: 0.35 });
      const k = canonicalKey(expr);
      const group = groups.get(k) ?? [];
      if (!group.includes(expr)) group.push(expr);
      groups.set(k, group);
    }
    const points = Array.from({ length: 8 }, () => ({ yhat: rng.uniform(0.01, 0.99), y: rng.int(0, 1), parameters: { eps: rng.uniform(0.01, 0.5) } }));
    let compared = 0;
    for (const [k, group] of groups) {
      const members = [...group, canonicalForm(group[0])];
      for (const point of points) {
        // The rules hold for finite operands (x − x = 0, 0 · x = 0), so points where any form is undefined are skipped.
        const values = members.map((member) => evaluate(member, point));
        if (!values.every(Number.isFinite)) continue;
        const reference = values[0];
        for (const value of values.slice(1)) {
          compared++;
          if (!close(value, reference, 1e-9, 1e-12)) throw new Error(`key ${k}: values ${reference} and ${value} differ at ${JSON.stringify(point)}`);
        }
      }
    }
    const shared = [...groups.values()].filter((group) => group.length > 1).length;
    expect(shared).toBeGreaterThan(200);
    expect(compared).toBeGreaterThan(20_000);
  });
});
