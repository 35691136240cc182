import { RngStreams } from '@recsearch/core';
import { createStrategy, describeStrategyConformance } from '@recsearch/core/testing';
import { canonicalKey, defaultOperatorTable, RunOperatorTable } from '@recsearch/expr';
import * as plugin from './index';

const table = defaultOperatorTable();
const services = new Map<symbol, unknown>([[RunOperatorTable, table]]);
const options = { expressions: { operators: ['Add', 'Multi', 'Neg', 'Log', 'Square'], maxDepth: 3, maxSize: 12 } };

describe('random search over expressions', () => {
  it('draws parseable losses over ŷ of bounded size from the configured operators only, with their keys', async () => {
    const strategy = await createStrategy(plugin, options, new RngStreams(4), services);
    const values = await strategy.ask(300);
    for (const value of values) {
      if (value.kind !== 'expression') throw new Error('expected expressions');
      const expr = table.parse(value.expression);
      expect(value.expression).toMatch(/\byhat\b/);
      expect(value.key).toBe(canonicalKey(expr));
      const operators = value.expression.match(/[A-Za-z]+(?=\()/g) ?? [];
      for (const name of operators) expect(options.expressions.operators).toContain(name);
    }
    expect(new Set(values.map((value) => (value.kind === 'expression' ? value.key : ''))).size).toBeGreaterThan(100);
  });

  it('refuses an operator the table does not have', async () => {
    await expect(createStrategy(plugin, { expressions: { operators: ['Add', 'Frobnicate'], maxDepth: 3, maxSize: 10 } }, new RngStreams(1), services)).rejects.toThrow(
      /unknown operators Frobnicate/,
    );
  });
});
describeStrategyConformance({ plugin, options, services });
