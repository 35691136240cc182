import type { GroupSettings, Rng } from '@recsearch/core';
import {
  advanceGoldenSection,
  advanceHillClimb,
  chooseScaleFactor,
  drawRecipe,
  goldenSectionProbes,
  hillClimbProbes,
  startGoldenSection,
  startHillClimb,
  trialPoint,
  type GoldenSectionState,
  type HillClimbState,
  type ScaleFactorChoice,
  type TrialRecipe,
} from '@recsearch/evolution';
import type { HyperparameterBox } from './hyperparameter-box';
import { referenceCodeTrial } from './reference-code-trial';
import type { HyperparameterOptions } from './hyperparameter-options';

/** Something DE-Opt trains: one pass with given per-group settings, a validation score, and state to save and restore. */
export interface TrainingTarget<S> {
  /** One training pass; returns the mean training loss. */
  trainPass(settings: readonly GroupSettings[]): number;
  /** Validation score of the current state (higher is better). */
  score(): number;
  save(): S;
  load(state: S): void;
}

/** One member of the population: a point [η¹…η^N, λ¹…λ^N] with its own F and CR. */
export interface DeOptIndividual {
  point: number[];
  /** Validation score when the point was last accepted; −∞ before. */
  score: number;
  F: number;
  CR: number;
}

/** What one individual's turn in an epoch did. */
export interface TrialOutcome {
  individual: number;
  point: number[];
  F: number;
  score: number;
  /** Training passes spent (1, or the probes of a local search on F). */
  passes: number;
  accepted: boolean;
  /** The score to beat when the trial was judged (best so far this epoch). */
  threshold: number;
}

export interface DeOptEpochResult {
  trials: TrialOutcome[];
  passes: number;
  /** Mean training loss over the epoch's passes. */
  loss: number;
  /** Score of the target after the epoch. */
  score: number;
}

type DeOptSettings = Pick<HyperparameterOptions, 'population' | 'mutation' | 'bounds' | 'variant' | 'initialF' | 'initialCR' | 'sflsde'>;

/**
 * DE-Opt's population and epoch step (algorithms.md §3). Each epoch, for each individual i in
 * turn: build its trial U_i from the current population, train one pass with U_i's per-group
 * (η, λ), score it on validation, and let U_i replace X_i when its score is at least the best
 * score so far this epoch (starting from the score before the epoch). `paper` rolls a rejected
 * trial's pass back; `reference-code` keeps the trained weights whatever the verdict and builds
 * its trials as the authors' code does (per-group draws, `referenceCodeTrial`).
 */
export class DeOpt {
  readonly population: DeOptIndividual[];
  /** Score of the target as it stands (before the next epoch). */
  currentScore: number;
  passes = 0;

  constructor(
    readonly box: HyperparameterBox,
    readonly settings: DeOptSettings,
    private readonly rng: Rng,
    initialScore: number,
  ) {
    this.population = Array.from({ length: settings.population }, () => ({ point: box.box.sample(rng), score: -Infinity, F: settings.initialF, CR: settings.initialCR }));
    this.currentScore = initialScore;
  }

  /** The index of the individual with the highest accepted score (the first on ties). */
  get bestIndex(): number {
    return this.population.reduce((best, individual, i) => (individual.score > this.population[best].score ? i : best), 0);
  }

  epoch<S>(target: TrainingTarget<S>): DeOptEpochResult {
    const leader = this.bestIndex;
    let threshold = this.currentScore;
    let lossSum = 0;
    let passes = 0;
    let score = this.currentScore;
    const trials: TrialOutcome[] = [];
    for (let i = 0; i < this.population.length; i++) {
      const rollback = this.settings.variant === 'paper';
      const before = rollback ? target.save() : undefined;
      const { trial, CR } = rollback ? this.paperTrial(target, i, i === leader, before) : this.referenceCodeTrial(target, i);
      lossSum += trial.lossSum;
      passes += trial.passes;
      const accepted = trial.score >= threshold;
      trials.push({ individual: i, point: trial.point, F: trial.F, score: trial.score, passes: trial.passes, accepted, threshold });
      if (accepted) {
        this.population[i] = { point: trial.point, score: trial.score, F: trial.F, CR };
        threshold = trial.score;
        if (trial.state !== undefined) target.load(trial.state);
      } else if (before !== undefined) {
        target.load(before);
      }
      score = rollback ? threshold : trial.score;
    }
    this.currentScore = score;
    this.passes += passes;
    return { trials, passes, loss: passes ? lossSum / passes : 0, score };
  }

  /** The paper: SFLSDE picks F (maybe a local search on it), the trial follows `mutation`. */
  private paperTrial<S>(target: TrainingTarget<S>, i: number, isLeader: boolean, before: S | undefined) {
    const choice = chooseScaleFactor(this.rng, this.population[i], isLeader, { ...this.settings, adapt: true });
    const recipe = drawRecipe(this.rng, this.population.map((member) => member.point), i, this.settings.mutation, choice.CR);
    return { trial: this.runTrial(target, recipe, choice, before), CR: choice.CR };
  }

  /** The authors' code: per-group draws of r, ω and F (their mixture), one pass, no local search. */
  private referenceCodeTrial<S>(target: TrainingTarget<S>, i: number) {
    const individual = this.population[i];
    const drawn = referenceCodeTrial(this.rng, this.population.map((member) => member.point), i, this.box.groups.length, individual, this.settings.sflsde);
    const point = this.box.box.repair(drawn.point, this.settings.bounds);
    const lossSum = target.trainPass(this.box.settingsOf(point));
    return { trial: { point, F: drawn.F, score: target.score(), passes: 1, lossSum, state: undefined as S | undefined }, CR: individual.CR };
  }

  private point(recipe: TrialRecipe, F: number): number[] {
    return this.box.box.repair(trialPoint(recipe, F), this.settings.bounds);
  }

  /**
   * A plain trial is one pass. A local search on F trains one pass per probe, each from the
   * state before the trial when rolling back, and answers with its best probe (whose state is
   * kept when it was not the last one trained).
   */
  private runTrial<S>(target: TrainingTarget<S>, recipe: TrialRecipe, choice: ScaleFactorChoice, before: S | undefined) {
    let passes = 0;
    let lossSum = 0;
    const probe = (F: number) => {
      if (before !== undefined && passes > 0) target.load(before);
      const point = this.point(recipe, F);
      lossSum += target.trainPass(this.box.settingsOf(point));
      passes++;
      return { point, score: target.score() };
    };
    if (choice.kind === 'plain') {
      const { point, score } = probe(choice.F);
      return { point, F: choice.F, score, passes, lossSum, state: undefined as S | undefined };
    }
    const { sflsde } = this.settings;
    let search: GoldenSectionState | HillClimbState =
      choice.kind === 'golden-section' ? startGoldenSection(sflsde.fMin, sflsde.fMax, sflsde.goldenSectionIterations) : startHillClimb(choice.F, sflsde.hillClimbStep, sflsde.hillClimbIterations);
    let best = { F: choice.F, point: [] as number[], score: -Infinity, state: undefined as S | undefined, last: false };
    for (let Fs = probesOf(search); Fs.length; Fs = probesOf(search)) {
      const scores = Fs.map((F) => {
        const { point, score } = probe(F);
        if (score > best.score || best.point.length === 0) best = { F, point, score, state: before !== undefined ? target.save() : undefined, last: true };
        else best.last = false;
        return score;
      });
      search = search.kind === 'golden-section' ? advanceGoldenSection(search, scores) : advanceHillClimb(search, scores);
    }
    return { point: best.point, F: best.F, score: best.score, passes, lossSum, state: best.last ? undefined : best.state };
  }
}

function probesOf(search: GoldenSectionState | HillClimbState): number[] {
  return search.kind === 'golden-section' ? goldenSectionProbes(search) : hillClimbProbes(search);
}
