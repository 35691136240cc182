import { Rng } from '@recsearch/core';
import { Adam } from './adam';
import { MovingAverageBaseline, ReferenceFilterBaseline } from './baseline';
import { ControllerWeights } from './weights';

describe('baseline rules', () => {
  it('moving average: reward + w·entropy minus the baseline, which starts at the first batch mean', () => {
    const rule = new MovingAverageBaseline(0.5, 0.1);
    expect(rule.value).toBeNull();
    const first = rule.weigh([1, 3], [10, 0]);
    expect(first.advantages[0]).toBeCloseTo(-0.5, 12);
    expect(first.advantages[1]).toBeCloseTo(0.5, 12);
    expect(first.entropyGradient).toBe(0);
    expect(rule.value).toBeCloseTo(2.5, 12);
    const second = rule.weigh([0.5, 0.5], [0, 0]);
    expect(second.advantages).toEqual([-2, -2]);
    expect(rule.value).toBeCloseTo(1.5, 12);
  });

  it("reference code: filters rewards below b − η, updates b on the rest before weighing them", () => {
    const rule = new ReferenceFilterBaseline(0.9, 0.1, 0.01, -1);
    const { advantages, entropyGradient } = rule.weigh([0.2, -0.5, 0.1], [1, 2, 3]);
    expect(advantages[0]).toBeCloseTo(0.17, 12);
    expect(advantages[1]).toBeCloseTo(-1.03, 12);
    expect(advantages[2]).toBeCloseTo(0.033, 12);
    expect(rule.value).toBeCloseTo(0.067, 12);
    expect(entropyGradient).toBe(0.1);
  });

  it('snapshots and restores the baseline', () => {
    const rule = new MovingAverageBaseline(0.9, 0);
    rule.weigh([4], [0]);
    const copy = new MovingAverageBaseline(0.9, 0);
    copy.restore(JSON.parse(JSON.stringify(rule.snapshot())));
    expect(copy.weigh([1], [0])).toEqual(rule.weigh([1], [0]));
  });
});

describe('Adam', () => {
  const weightsOf = (values: number[]) => {
    const weights = new ControllerWeights([{ name: 'w', shape: [values.length], range: 0.1 }], Rng.fromSeed(1));
    weights.restore({ w: values });
    return weights;
  };
  const settings = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, l2: 0, clipNorm: null };

  it('takes a first step of lr·sign(g) (bias-corrected m̂/√v̂ = g/|g|)', () => {
    const weights = weightsOf([1, -2]);
    const adam = new Adam(settings, weights);
    const norm = adam.apply(new Map([['w', Float64Array.from([0.5, -0.1])]]));
    expect(norm).toBeCloseTo(Math.sqrt(0.26), 12);
    expect(weights.values('w')[0]).toBeCloseTo(0.9, 6);
    expect(weights.values('w')[1]).toBeCloseTo(-1.9, 6);
    expect(adam.steps).toBe(1);
  });

  it('adds l2·w to the gradient and clips the global norm', () => {
    const weights = weightsOf([1, -2]);
    const adam = new Adam({ ...settings, l2: 0.2, clipNorm: 0.1 }, weights);
    const norm = adam.apply(new Map([['w', Float64Array.from([2.8, 4.4])]]));
    // g + 0.2·w = [3, 4]: norm 5, clipped to [0.06, 0.08]; m = (1 − β1)·g.
    expect(norm).toBeCloseTo(5, 12);
    const { moments } = adam.snapshot() as { moments: { w: { m: number[]; v: number[] } } };
    expect(moments.w.m[0]).toBeCloseTo(0.006, 12);
    expect(moments.w.m[1]).toBeCloseTo(0.008, 12);
    expect(moments.w.v[1]).toBeCloseTo(0.001 * 0.0064, 12);
  });

  it('continues identically after snapshot → JSON → restore', () => {
    const gradients = () => new Map([['w', Float64Array.from([0.3, -0.7])]]);
    const weights = weightsOf([1, -2]);
    const adam = new Adam(settings, weights);
    adam.apply(gradients());
    const saved = JSON.parse(JSON.stringify({ adam: adam.snapshot(), weights: weights.snapshot() }));
    adam.apply(gradients());
    const copyWeights = weightsOf([0, 0]);
    copyWeights.restore(saved.weights);
    const copy = new Adam(settings, copyWeights);
    copy.restore(saved.adam);
    copy.apply(gradients());
    expect(Array.from(copyWeights.values('w'))).toEqual(Array.from(weights.values('w')));
    expect(copy.steps).toBe(2);
  });
});
