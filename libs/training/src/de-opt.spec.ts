import { Rng, type GroupSettings } from '@recsearch/core';
import { defaultSflsde, pickDistinct } from '@recsearch/evolution';
import { DeOpt, type TrainingTarget } from './de-opt';
import { ModelTarget } from './de-opt-training';
import { bce, deOptTraining, smallMf, smallRankingData } from './de-opt.fixtures';
import { HyperparameterBox } from './hyperparameter-box';
import { resolveHyperparameters, type HyperparameterSettings } from './hyperparameter-options';
import { referenceCodeTrial } from './reference-code-trial';
import { validationScorer } from './selection-metric';

/**
 * A one-number "model": a pass adds group 0's η to w, the score is a fixed function of w. Its
 * state is w, so what the epoch did to it can be worked out by hand.
 */
class Counter implements TrainingTarget<number> {
  w = 0;
  trained: GroupSettings[][] = [];
  constructor(private readonly scoreOf: (w: number) => number) {}
  trainPass(settings: readonly GroupSettings[]): number {
    this.trained.push(settings.map((entry) => ({ ...entry })));
    this.w += settings[0].learningRate;
    return 0;
  }
  score(): number {
    return this.scoreOf(this.w);
  }
  save(): number {
    return this.w;
  }
  load(state: number): void {
    this.w = state;
  }
}

const oneGroup = [{ name: 'all', size: 1 }];
function deOpt(settings: HyperparameterSettings, target: TrainingTarget<unknown>, seed = 7): DeOpt {
  const options = resolveHyperparameters({ method: 'de-opt', population: 5, sflsde: { localSearch: 'none' }, ...settings });
  const box = HyperparameterBox.forModel(oneGroup, { ...deOptTraining, learningRate: 0.1, l2: 0.01 }, options);
  return new DeOpt(box, options, Rng.fromSeed(seed), target.score());
}

describe('DE-Opt epoch', () => {
  it('accepts a trial iff its score is at least the best so far this epoch, starting from the score before it', () => {
    const target = new Counter((w) => Math.sin(7 * w));
    const evolution = deOpt({}, target);
    for (let epoch = 0; epoch < 6; epoch++) {
      const before = evolution.currentScore;
      const population = evolution.population.map((individual) => [...individual.point]);
      const { trials } = evolution.epoch(target);
      let threshold = before;
      trials.forEach((trial, i) => {
        expect(trial.threshold).toBe(threshold);
        expect(trial.accepted).toBe(trial.score >= threshold);
        expect(evolution.population[i].point).toEqual(trial.accepted ? trial.point : population[i]);
        if (trial.accepted) threshold = trial.score;
      });
      expect(evolution.currentScore).toBe(threshold);
    }
  });

  it('accepts ties: with a constant score every trial replaces its target', () => {
    const target = new Counter(() => 0.5);
    const evolution = deOpt({}, target);
    const { trials } = evolution.epoch(target);
    expect(trials.every((trial) => trial.accepted)).toBe(true);
    expect(evolution.population.map((individual) => individual.point)).toEqual(trials.map((trial) => trial.point));
  });

  it('paper variant rolls rejected passes back; reference-code keeps every pass', () => {
    for (const variant of ['paper', 'reference-code'] as const) {
      // The score falls as w grows, so only a few trials win.
      const target = new Counter((w) => -w + 0.3 * Math.sin(40 * w));
      const evolution = deOpt({ variant }, target);
      const { trials } = evolution.epoch(target);
      const kept = trials.filter((trial) => variant === 'reference-code' || trial.accepted);
      expect(trials.some((trial) => !trial.accepted)).toBe(true);
      expect(target.w).toBeCloseTo(kept.reduce((sum, trial) => sum + trial.point[0], 0), 12);
      expect(evolution.currentScore).toBe(variant === 'paper' ? Math.max(...trials.filter((t) => t.accepted).map((t) => t.score), 0) : trials[trials.length - 1].score);
    }
  });

  it('trains with the trial\'s own per-group η and λ, one pass per individual without local search', () => {
    const target = new Counter((w) => Math.cos(w));
    const evolution = deOpt({}, target);
    const { trials, passes } = evolution.epoch(target);
    expect(passes).toBe(5);
    expect(target.trained).toEqual(trials.map((trial) => [{ learningRate: trial.point[0], l2: trial.point[1] }]));
  });

  it('a golden-section search on F costs its 9 probes in passes and answers with its best probe', () => {
    const target = new Counter((w) => Math.sin(5 * w));
    const evolution = deOpt({ sflsde: { localSearch: 'best', goldenSection: 1 } }, target);
    const { trials, passes } = evolution.epoch(target);
    // Only the leader (individual 0 while all scores are −∞) searches: 2 probes, then 1 per iteration for 7 more.
    expect(trials.map((trial) => trial.passes)).toEqual([9, 1, 1, 1, 1]);
    expect(passes).toBe(13);
    expect(target.trained).toHaveLength(13);
  });

  it('keeps every individual and every trial inside the box, however large F gets', () => {
    for (const bounds of ['clip', 'reflect'] as const) {
      const target = new Counter((w) => Math.sin(w));
      // The reference code's F mixture draws F = 8 and F = 20: far outside before repair.
      const evolution = deOpt({ variant: 'reference-code', bounds, mutation: 'rand/1/bin' }, target, 11);
      const { box } = evolution.box;
      for (let epoch = 0; epoch < 40; epoch++) {
        const { trials } = evolution.epoch(target);
        for (const trial of trials) expect(box.contains(trial.point)).toBe(true);
        for (const individual of evolution.population) expect(box.contains(individual.point)).toBe(true);
      }
      expect(box.high).toEqual([1, 0.1]);
    }
  });

  it('is deterministic by seed', () => {
    const run = (seed: number) => {
      const target = new Counter((w) => Math.sin(3 * w));
      const evolution = deOpt({ sflsde: { goldenSection: 0.3, hillClimb: 0.3 } }, target, seed);
      for (let epoch = 0; epoch < 5; epoch++) evolution.epoch(target);
      return { population: evolution.population, w: target.w, passes: evolution.passes };
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });
});

describe('DE-Opt on a real model', () => {
  it('rollback: a rejected trial leaves the model bit-identical; shared weights: every pass stays', () => {
    const data = smallRankingData();
    for (const variant of ['paper', 'reference-code'] as const) {
      const model = smallMf();
      const inner = new ModelTarget(model, data, bce, 128, Rng.fromSeed(2), validationScorer(data, 'ndcg@10'));
      const states: Float32Array[][] = [];
      // Records the parameters before every pass and at the end.
      const recorded: TrainingTarget<unknown> = {
        trainPass: (settings) => (states.push(model.parameters().map((tensor) => tensor.values.slice())), inner.trainPass(settings)),
        score: () => inner.score(),
        save: () => inner.save(),
        load: (state) => inner.load(state as ReturnType<typeof inner.save>),
      };
      const options = resolveHyperparameters({ ...deOptTraining.hyperparameters, variant });
      const evolution = new DeOpt(HyperparameterBox.forModel(model.layerGroups, deOptTraining, options), options, Rng.fromSeed(9), inner.score());
      const trials = [0, 1].flatMap(() => evolution.epoch(recorded).trials);
      states.push(model.parameters().map((tensor) => tensor.values.slice()));
      expect(trials.some((trial) => !trial.accepted)).toBe(true);
      trials.forEach((trial, k) => {
        if (variant === 'paper' && !trial.accepted) expect(states[k + 1]).toEqual(states[k]);
        // A trial clipped to η = 0 in every group (F = 20 does that) trains nothing.
        else if (trial.point.slice(0, 2).every((eta) => eta === 0)) expect(states[k + 1]).toEqual(states[k]);
        else expect(states[k + 1]).not.toEqual(states[k]);
      });
    }
  });
});

describe('the reference code\'s trial', () => {
  it('draws r, ω and F per layer group: U_g − X_g = ω_g (X_r1,g − X_g) when the others coincide', () => {
    // Three groups; every other individual sits at `other`, so the F term vanishes and each
    // group's step is ω_g times the way to `other`, the same ω for its η and its λ.
    const target = [1, 2, 3, 10, 20, 30];
    const other = [5, 4, 0, 14, 24, 26];
    const population = [other, target, other, other, other];
    const rng = Rng.fromSeed(12);
    const omegas: number[][] = [];
    for (let k = 0; k < 50; k++) {
      const { point } = referenceCodeTrial(rng, population, 1, 3, { F: 0.5, CR: 0.9 }, defaultSflsde);
      const ratio = point.map((value, j) => (value - target[j]) / (other[j] - target[j]));
      for (let g = 0; g < 3; g++) {
        expect(ratio[g]).toBeCloseTo(ratio[3 + g], 12);
        expect(ratio[g]).toBeGreaterThanOrEqual(0);
        expect(ratio[g]).toBeLessThan(1);
      }
      omegas.push(ratio.slice(0, 3));
    }
    // Redrawn per group, not shared by the individual.
    expect(omegas.filter(([a, b, c]) => a === b && b === c)).toHaveLength(0);
  });

  it('scales the difference term by ω·F', () => {
    // One group; the others differ only in η. Replaying the rng: U = X + ω(X_r1 − X) + ωF(X_r2 − X_r3).
    const population = [[0, 0], [0, 0], [1, 0], [2, 0], [3, 0]];
    const seed = 8;
    const { point, F } = referenceCodeTrial(Rng.fromSeed(seed), population, 1, 1, { F: 0.5, CR: 0.9 }, defaultSflsde);
    const replay = Rng.fromSeed(seed);
    const [a, b, c] = pickDistinct(replay, 5, 1);
    const omega = replay.float();
    expect(point[0]).toBeCloseTo(omega * population[a][0] + omega * F * (population[b][0] - population[c][0]), 12);
    expect(point[1]).toBe(0);
  });
});
