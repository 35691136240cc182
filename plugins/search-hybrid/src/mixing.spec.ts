import { controllerQuota, controllerShare } from './mixing';
import { hybridSchema } from './options';

const mixing = (schedule: 'constant' | 'linear', finalShare?: number) => ({ controllerShare: 0.3, schedule, finalShare, horizon: 100 });

describe('mixing', () => {
  it('keeps a constant share, and moves a linear one from the start to the final share over the horizon', () => {
    expect([0, 50, 500].map((asked) => controllerShare(mixing('constant', 0.9), asked))).toEqual([0.3, 0.3, 0.3]);
    expect([0, 50, 100, 500].map((asked) => controllerShare(mixing('linear', 0.9), asked))).toEqual([0.3, 0.6, 0.9, 0.9].map((v) => expect.closeTo(v, 12)));
    expect(controllerShare(mixing('linear'), 70)).toBe(0.3);
  });

  it('gives the controller its share of a batch: 0.3 of 10 is 3', () => {
    expect(controllerQuota(10, 0.3, 0)).toEqual({ quota: 3, credit: expect.closeTo(0, 9) });
    expect(controllerQuota(4, 1, 0)).toEqual({ quota: 4, credit: 0 });
    expect(controllerQuota(4, 0, 0.5)).toEqual({ quota: 0, credit: 0.5 });
  });

  it('carries the fraction over, so one-at-a-time asks mix at the share (property over shares)', () => {
    for (const share of [0, 0.1, 0.3, 0.5, 2 / 3, 0.95, 1]) {
      let credit = 0;
      let quota = 0;
      for (let ask = 1; ask <= 300; ask++) {
        const next = controllerQuota(1, share, credit);
        expect(next.credit).toBeGreaterThanOrEqual(0);
        expect(next.credit).toBeLessThan(1);
        credit = next.credit;
        quota += next.quota;
        expect(Math.abs(quota - ask * share)).toBeLessThan(1);
      }
    }
  });

  it('declares the sub-strategies as search sections with defaults', () => {
    expect(hybridSchema.properties.controller.default).toEqual({ type: 'reinforce' });
    expect(hybridSchema.properties.population.default).toEqual({ type: 'evolution' });
  });
});
