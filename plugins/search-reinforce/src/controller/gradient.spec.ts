import { Rng } from '@recsearch/core';
import { OperatorTable } from '@recsearch/expr';
import * as tf from '@tensorflow/tfjs';
import { resolveSettings, type ReinforceOptions } from '../options';
import { buildSearchSpace } from '../search-space';
import { PaperPolicy } from './paper-policy';
import type { Policy } from './policy';
import { ReferencePolicy } from './reference-policy';
import { tfjsGradient } from './tfjs-gradient';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// A ternary operator from a config formula, so that operand slots beyond two are exercised.
const composites = [{ name: 'lerp', params: ['a', 'b', 't'], formula: 'a + t * (b - a)' }];

function policyOf(options: ReinforceOptions, seed: number): Policy {
  const settings = resolveSettings(options);
  const space = buildSearchSpace(OperatorTable.create({ clamp: settings.clamp, composites }), settings);
  return settings.variant === 'paper' ? new PaperPolicy(space, settings, Rng.fromSeed(seed)) : new ReferencePolicy(space, settings, Rng.fromSeed(seed));
}

describe('controller twins', () => {
  it.each([
    ['paper', { variant: 'paper' }],
    ['paper, 3 layers of 8, with a ternary composite', { variant: 'paper', hiddenSize: 8, layers: 3, operators: ['Add', 'Square', 'lerp', 'Log'] }],
    ['reference-code', { variant: 'reference-code', hiddenSize: 16, maxVariables: 7 }],
  ] as Array<[string, ReinforceOptions]>)('%s: tfjs scores the sampled decisions with the log-probability and entropy the JS sampler had', (_, options) => {
    const policy = policyOf(options, 3);
    const rng = Rng.fromSeed(4);
    const samples = Array.from({ length: 6 }, () => policy.sample(rng));
    const [logProb, entropy] = tf.tidy(() => {
      const scored = policy.score(policy.weights.tensors(), samples.map((s) => s.decisions), true);
      return [Array.from(scored.logProb.dataSync()), Array.from((scored.entropy as tf.Tensor).dataSync())];
    });
    samples.forEach((sample, b) => {
      expect(logProb[b]).toBeCloseTo(sample.logProb, 3);
      expect(entropy[b]).toBeCloseTo(sample.entropy, 3);
      expect(sample.logProb).toBeLessThan(0);
    });
  });

  it.each([
    ['paper', { variant: 'paper', hiddenSize: 16, layers: 2 }, 0],
    ['paper, with an entropy gradient', { variant: 'paper', hiddenSize: 8, layers: 3 }, 0.3],
    ['reference-code', { variant: 'reference-code', hiddenSize: 16 }, 0],
    ['reference-code, with its entropy gradient', { variant: 'reference-code', hiddenSize: 16 }, 0.3],
  ] as Array<[string, ReinforceOptions, number]>)('%s: the native policy gradient equals tfjs autodiff of the same objective', (_, options, entropyGradient) => {
    const operators = ['Add', 'Multi', 'Neg', 'lerp', 'Square', 'Reciprocal'];
    const policy = policyOf({ ...options, operators }, 5);
    const rng = Rng.fromSeed(6);
    const samples = Array.from({ length: 5 }, () => policy.sample(rng));
    const batch = samples.map((sample) => sample.decisions);
    expect(batch.some((decisions) => decisions.ops.includes(3))).toBe(true);
    const advantages = [0.7, -1.2, 0.05, 2, -0.4];
    const expected = tfjsGradient(policy, batch, advantages, entropyGradient);
    const native = policy.gradient?.bind(policy) as NonNullable<Policy['gradient']>;
    const actual = native(batch.map((decisions) => ({ decisions })), advantages, entropyGradient);
    let largest = 0;
    for (const [name, values] of expected) {
      const computed = actual.get(name) as Float64Array;
      values.forEach((value, i) => {
        largest = Math.max(largest, Math.abs(value));
        expect(Math.abs(computed[i] - value)).toBeLessThan(2e-5 + 2e-3 * Math.abs(value));
      });
      expect(values.some((value) => value !== 0)).toBe(true);
    }
    expect(largest).toBeGreaterThan(1e-2);
    // Reusing the sampling pass gives the very same gradient as unrolling the decisions again.
    const fromTraces = native(samples, advantages, entropyGradient);
    for (const [name, values] of actual) expect(Array.from(fromTraces.get(name) as Float64Array)).toEqual(Array.from(values));
  });
});
