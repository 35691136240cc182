import { Rng } from '@recsearch/core';
import { defaultSflsde, referenceCodeChoice, sflsdeChoice, type ScaleFactorChoice } from './scale-factor';

const draws = 100_000;

/** |observed − expected| within 4.5 binomial standard deviations (a false alarm about once in 150,000 runs). */
function expectFrequency(hits: number, probability: number): void {
  const sd = Math.sqrt(draws * probability * (1 - probability));
  expect(Math.abs(hits - draws * probability)).toBeLessThan(4.5 * sd);
}

function sample(choose: (rng: Rng) => ScaleFactorChoice, seed: number): ScaleFactorChoice[] {
  const rng = Rng.fromSeed(seed);
  return Array.from({ length: draws }, () => choose(rng));
}

describe('the reference code\'s F mixture', () => {
  const choices = sample((rng) => referenceCodeChoice(rng, { F: 0.5, CR: 0.9 }, defaultSflsde), 17);
  const Fs = choices.map((choice) => choice.F);

  it('gives F = 8 w.p. 0.03, F = 20 w.p. 0.04, and F in [0, 1) otherwise, never a local search', () => {
    expect(choices.every((choice) => choice.kind === 'plain')).toBe(true);
    expectFrequency(Fs.filter((F) => F === 8).length, 0.03);
    expectFrequency(Fs.filter((F) => F === 20).length, 0.04);
    expect(Fs.filter((F) => F !== 8 && F !== 20).every((F) => F >= 0 && F < 1)).toBe(true);
  });

  it('mixes U(0.1, 1) (w.p. 0.93·0.1) with U(0, 1) (w.p. 0.93·0.9): only the latter falls below 0.1', () => {
    expectFrequency(Fs.filter((F) => F < 0.1).length, 0.93 * 0.9 * 0.1);
    expectFrequency(Fs.filter((F) => F >= 0.1 && F < 0.55).length, 0.93 * 0.1 * 0.5 + 0.93 * 0.9 * 0.45);
    // Every decile of [0.1, 1) carries the same mass: 0.093/9 + 0.837/10 each.
    for (let decile = 1; decile < 10; decile++) {
      expectFrequency(Fs.filter((F) => F >= decile / 10 && F < (decile + 1) / 10).length, 0.093 / 9 + 0.0837);
    }
  });

  it('keeps CR unless r4 < 0.1, then draws it uniformly', () => {
    const CRs = choices.map((choice) => choice.CR);
    expectFrequency(CRs.filter((CR) => CR !== 0.9).length, 0.1);
    expectFrequency(CRs.filter((CR) => CR < 0.5).length, 0.05);
  });
});

describe('SFLSDE\'s rule for F and CR', () => {
  it('for the best individual: golden section w.p. 0.03, hill climb w.p. 0.04, resample w.p. 0.93·0.1, else inherit', () => {
    const choices = sample((rng) => sflsdeChoice(rng, { F: 0.42, CR: 0.9 }, true, defaultSflsde), 23);
    expectFrequency(choices.filter((choice) => choice.kind === 'golden-section').length, 0.03);
    expectFrequency(choices.filter((choice) => choice.kind === 'hill-climb').length, 0.04);
    const plain = choices.filter((choice) => choice.kind === 'plain');
    expectFrequency(plain.filter((choice) => choice.F !== 0.42).length, 0.93 * 0.1);
    expect(plain.every((choice) => choice.F >= 0.1 && choice.F < 1)).toBe(true);
    // A local search starts from the individual's F (the hill climb's centre).
    expect(choices.filter((choice) => choice.kind !== 'plain').every((choice) => choice.F === 0.42)).toBe(true);
  });

  it('for any other individual (localSearch: best): no local search, resample w.p. 0.1', () => {
    const choices = sample((rng) => sflsdeChoice(rng, { F: 0.42, CR: 0.9 }, false, defaultSflsde), 29);
    expect(choices.every((choice) => choice.kind === 'plain')).toBe(true);
    const resampled = choices.filter((choice) => choice.F !== 0.42).map((choice) => choice.F);
    expectFrequency(resampled.length, 0.1);
    const belowMiddle = resampled.filter((F) => F < 0.55).length / resampled.length;
    expect(Math.abs(belowMiddle - 0.5)).toBeLessThan(0.03);
    expectFrequency(choices.filter((choice) => choice.CR !== 0.9).length, 0.1);
  });
});
