import { defineEvent, Rng, type GroupSettings, type Json, type Recommender, type RecommenderSnapshot, yieldToEventLoop } from '@recsearch/core';
import {
  decodeNumbers,
  decodeSnapshot,
  EarlyStopping,
  encodeNumbers,
  encodeSnapshot,
  NonFiniteLossError,
  patience,
  trainEpoch,
  TrainingInterrupted,
  type EarlyStoppingState,
  type EpochReport,
} from '@recsearch/compute';
import { DeOpt, type DeOptIndividual, type TrainingTarget } from './de-opt';
import { metricsOf } from './evaluate-model';
import type { PreparedData } from './prepare-data';
import type { ResolvedLoss } from './resolve-loss';
import { hyperparameterSearchSetup } from './hyperparameter-search-setup';
import { trainingEpoch, trainingFinished, type TrainingOutcome } from './train-model';
import { checkpointOf } from './training-checkpoints';
import type { TrainingJob } from './training-job';

/** One DE-Opt epoch as the bus reports it. */
export interface DeOptEpochReport {
  epoch: number;
  metric: string;
  /** Validation score of the model after the epoch. */
  validation: number;
  best: number;
  bestEpoch: number;
  /** Trials accepted this epoch (of `population`). */
  accepted: number;
  population: number;
  /** Training passes this epoch (NP, plus local-search probes) and so far. */
  passes: number;
  totalPasses: number;
  loss: number;
  seconds: number;
  /** Per-group (η, λ) of the population's best individual. */
  settings: GroupSettings[];
}

declare module '@recsearch/core' {
  interface EventPayloads {
    'training.deopt-epoch': DeOptEpochReport;
  }
}

/** [Trainer] a DE-Opt epoch: every individual's trial trained and judged. */
export const deOptEpoch = defineEvent('training.deopt-epoch');

/** How the per-group η and λ were chosen, and what it cost. */
export interface HyperparameterReport {
  method: 'fixed' | 'de-opt' | 'grid';
  groups: string[];
  /** The per-group settings the method ends with (DE-Opt: the best individual's). */
  settings: GroupSettings[];
  /** Full training passes over the training data, all runs and trials included. */
  passes: number;
  seconds: number;
  population?: DeOptIndividual[];
  grid?: Array<{ settings: GroupSettings[]; validation: number; epochs: number }>;
}

export interface TunedTrainingOutcome extends TrainingOutcome {
  hyperparameters: HyperparameterReport;
}

/** The model as DE-Opt's training target: one pass over fresh epoch pairs, validation score, snapshots. */
export class ModelTarget implements TrainingTarget<RecommenderSnapshot> {
  /** Training passes so far (the epoch number of the next one). */
  pass = 0;
  private diverged = false;

  constructor(
    private readonly model: Recommender,
    private readonly data: PreparedData,
    private readonly loss: ResolvedLoss,
    private readonly batchSize: number,
    private readonly rng: Rng,
    private readonly scorer: (model: Recommender) => number,
    private readonly explicitL2 = 0,
  ) {}

  trainPass(settings: readonly GroupSettings[]): number {
    this.diverged = false;
    const epoch = this.pass++;
    try {
      return trainEpoch(this.model, this.data.epochPairs(epoch), { loss: this.loss.gradient, batchSize: this.batchSize, settings, rng: this.rng, epoch, explicitL2: this.explicitL2 }).loss;
    } catch (error) {
      // A trial whose η blows the loss up is a bad trial, not a failed run: it scores −∞.
      if (!(error instanceof NonFiniteLossError)) throw error;
      this.diverged = true;
      return NaN;
    }
  }

  score(): number {
    return this.diverged ? -Infinity : this.scorer(this.model);
  }

  save(): RecommenderSnapshot {
    return this.model.snapshot();
  }

  load(state: RecommenderSnapshot): void {
    this.diverged = false;
    this.model.restore(state);
  }
}

/** DE-Opt's state after a generation, as its checkpoint holds it (JSON). */
interface DeOptCheckpoint {
  method: 'de-opt';
  epochs: number;
  model: Json;
  best?: Json;
  rng: number[];
  evolution: number[];
  pass: number;
  population: DeOptIndividual[];
  currentScore: number;
  passes: number;
  stopping: EarlyStoppingState;
  history: EpochReport[];
}

/**
 * Trains `model` with DE-Opt (algorithms.md §3): per-group (η, λ) evolved by differential
 * evolution while the model trains, early stopping on the validation metric (patience from the
 * options, 20 by default), the best epoch's weights restored. Each epoch is announced on the
 * bus as `training.deopt-epoch` and `training.epoch`. With `checkpoints`, saves its whole state
 * (population, model, streams, stopping, history) after every generation and continues from one.
 */
export async function trainDeOpt(job: TrainingJob): Promise<TunedTrainingOutcome> {
  const { model, data, loss, training, rng, bus, checkpoints } = job;
  const started = performance.now();
  const { options, box, metric, scorer } = hyperparameterSearchSetup(model, data, training);
  const saved = checkpointOf(checkpoints, 'de-opt') as DeOptCheckpoint | undefined;
  const evolution = Rng.fromSeed(rng.int(0, 2 ** 31 - 1));
  const target = new ModelTarget(model, data, loss, training.batchSize, rng, scorer, training.explicitL2);
  // A resumed run does not score the fresh model: the checkpoint has the score it stood at.
  const deOpt = new DeOpt(box, options, evolution, saved ? -Infinity : target.score());
  const stopping = new EarlyStopping(patience(options.patience));
  const history: EpochReport[] = [];
  let best: RecommenderSnapshot | undefined;
  let stopReason: TrainingOutcome['stopReason'] = 'max-epochs';
  let start = 0;
  if (saved) {
    const state = decodeNumbers<DeOptCheckpoint>(saved as unknown as Json);
    start = state.epochs;
    model.restore(decodeSnapshot(saved.model));
    if (saved.best) best = decodeSnapshot(saved.best);
    rng.setState(state.rng);
    evolution.setState(state.evolution);
    target.pass = state.pass;
    deOpt.population.splice(0, deOpt.population.length, ...state.population);
    deOpt.currentScore = state.currentScore;
    deOpt.passes = state.passes;
    stopping.setState(state.stopping);
    history.push(...state.history);
  }
  const save = (epochs: number) =>
    checkpoints?.save({
      ...(encodeNumbers({
        method: 'de-opt',
        epochs,
        rng: rng.state(),
        evolution: evolution.state(),
        pass: target.pass,
        population: deOpt.population,
        currentScore: deOpt.currentScore,
        passes: deOpt.passes,
        stopping: stopping.state(),
        history,
      }) as Record<string, Json>),
      model: encodeSnapshot(model.snapshot()),
      ...(best ? { best: encodeSnapshot(best) } : {}),
    });
  const ended = start > 0 ? stopping.stopReason() : undefined;
  for (let epoch = start; epoch < training.maxEpochs && ended === undefined; epoch++) {
    const epochStarted = performance.now();
    const result = deOpt.epoch(target);
    if (stopping.record(epoch, result.score)) best = model.snapshot();
    const seconds = (performance.now() - epochStarted) / 1000;
    const report: EpochReport = { epoch, loss: result.loss, validation: result.score, best: stopping.best, bestEpoch: stopping.bestEpoch, seconds };
    history.push(report);
    bus?.emit(trainingEpoch({ ...report, metric }));
    bus?.emit(
      deOptEpoch({
        ...report,
        metric,
        accepted: result.trials.filter((trial) => trial.accepted).length,
        population: options.population,
        passes: result.passes,
        totalPasses: deOpt.passes,
        settings: box.settingsOf(deOpt.population[deOpt.bestIndex].point),
      }),
    );
    save(epoch + 1);
    const reason = stopping.stopReason();
    if (reason !== undefined) {
      stopReason = reason;
      break;
    }
    if (epoch + 1 < training.maxEpochs && checkpoints?.stopRequested()) throw new TrainingInterrupted(`generation ${epoch + 1}`);
    await yieldToEventLoop();
  }
  if (ended !== undefined) stopReason = ended;
  if (best !== undefined) model.restore(best);
  const outcome: TunedTrainingOutcome = {
    epochs: history.length,
    bestEpoch: stopping.bestEpoch,
    bestValidation: stopping.best,
    stopReason,
    history,
    metric,
    validation: metricsOf(model, data, 'validation'),
    test: metricsOf(model, data, 'test'),
    hyperparameters: {
      method: 'de-opt',
      groups: [...box.groups],
      settings: box.settingsOf(deOpt.population[deOpt.bestIndex].point),
      passes: deOpt.passes,
      seconds: (performance.now() - started) / 1000,
      population: structuredClone(deOpt.population),
    },
  };
  bus?.emit(trainingFinished({ epochs: outcome.epochs, bestEpoch: outcome.bestEpoch, stopReason, test: outcome.test }));
  return outcome;
}
