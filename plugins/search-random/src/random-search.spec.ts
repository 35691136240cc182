import { describeStrategyConformance, createStrategy } from '@recsearch/core/testing';
import { RngStreams } from '@recsearch/core';
import * as plugin from './index';

const space = {
  x: { type: 'real', min: -2, max: 3, size: 3 },
  rate: { type: 'real', min: 1e-4, max: 1e-1, log: true },
  layers: { type: 'integer', min: 1, max: 4 },
  activation: { type: 'categorical', values: ['relu', 'tanh'] },
};

describeStrategyConformance({ plugin, options: { space } });

describe('random search', () => {
  it('draws every parameter inside its declared box, covering it', async () => {
    const strategy = await createStrategy(plugin, { space }, new RngStreams(3));
    const values = await strategy.ask(2000);
    const params = values.map((value) => (value.kind === 'params' ? value.params : {}));
    expect(Object.keys(params[0]).sort()).toEqual(['activation', 'layers', 'rate', 'x0', 'x1', 'x2']);
    for (const name of ['x0', 'x1', 'x2']) {
      const xs = params.map((p) => p[name] as number);
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(-2);
      expect(Math.max(...xs)).toBeLessThan(3);
      expect(Math.min(...xs)).toBeLessThan(-1.9);
      expect(Math.max(...xs)).toBeGreaterThan(2.9);
    }
    expect(new Set(params.map((p) => p['layers']))).toEqual(new Set([1, 2, 3, 4]));
    expect(new Set(params.map((p) => p['activation']))).toEqual(new Set(['relu', 'tanh']));
  });

  it('samples a log-scale parameter uniformly in its logarithm', async () => {
    const strategy = await createStrategy(plugin, { space: { rate: { type: 'real', min: 1e-4, max: 1, log: true } } }, new RngStreams(9));
    const rates = (await strategy.ask(4000)).map((value) => (value.kind === 'params' ? (value.params['rate'] as number) : NaN));
    const belowCentre = rates.filter((rate) => rate < 1e-2).length / rates.length;
    expect(belowCentre).toBeGreaterThan(0.45);
    expect(belowCentre).toBeLessThan(0.55);
  });

  it('rejects an empty or reversed box', async () => {
    await expect(createStrategy(plugin, { space: { x: { type: 'real', min: 2, max: 1 } } }, new RngStreams(1))).rejects.toThrow(/min 2 is above max 1/);
  });
});
