import { Rng } from '@recsearch/core';
import { defaultOperatorTable } from '../operators/default-table';
import { randomExpression } from '../expression/random-expression';
import { derivativesInYhat, evaluateDerivatives } from './interpret';

describe('derivativesInYhat', () => {
  it('equals the per-row forward mode on random expressions and rows', () => {
    const table = defaultOperatorTable();
    const rng = Rng.fromSeed(21);
    const operators = table.list();
    for (let trial = 0; trial < 300; trial++) {
      const expr = randomExpression(rng, { operators, maxDepth: 4 });
      const yhat = Array.from({ length: 5 }, () => rng.uniform(0.01, 0.99));
      const y = Array.from({ length: 5 }, () => rng.int(0, 1));
      const batch = derivativesInYhat(expr, yhat, y, { eps: 0.01 });
      yhat.forEach((value, row) => {
        const single = evaluateDerivatives(expr, { yhat: value, y: y[row], parameters: { eps: 0.01 } }, ['yhat']).derivatives[0];
        if (Number.isNaN(single)) expect(batch[row]).toBeNaN();
        else expect(batch[row]).toBe(single);
      });
    }
  });

  it('is zero for a loss without ŷ, even where its value is not finite', () => {
    const table = defaultOperatorTable();
    for (const source of ['log(y - 2)', '1 / (y - y)', 'y * eps']) {
      expect(Array.from(derivativesInYhat(table.parse(source), [0.2, 0.7], [0, 1]))).toEqual([0, 0]);
    }
    expect(Array.from(derivativesInYhat(table.parse('yhat * y'), [0.2, 0.7], [3, -1]))).toEqual([3, -1]);
  });
});
