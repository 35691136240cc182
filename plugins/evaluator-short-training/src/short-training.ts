import { RecsearchError, Rng, type Candidate, type Evaluator, type Json, type Recommender, type RecommenderSnapshot, type Verdict } from '@recsearch/core';
import { NonFiniteLossError, type OptimizerKind, type TrainingPairs } from '@recsearch/compute';
import type { OperatorTable } from '@recsearch/expr';
import { metricsOf, resolveLoss, seededModel, selectionMetric, trainSteps, type TrainingSetup } from '@recsearch/training';

/** The validation error a fitness is the negative of. */
export type FitnessError = 'auto' | 'auc' | 'logloss' | 'rmse' | 'ndcg@10';

export interface ShortTrainingOptions {
  /** Minibatch steps per candidate (EvoMAL: 500). */
  steps: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  /** Default: the run's training.optimizer. */
  optimizer?: OptimizerKind;
  /** `auto`: 1 − AUC (classification) or 1 − NDCG@10 (ranking). */
  error: FitnessError;
  /** Reward of a loss whose training diverges (default: minus the worst value of the error). */
  divergedReward?: number;
  eps: number;
}

// Errors that are 1 − metric; the others are the metric itself (lower is better).
const COMPLEMENTED = new Set(['auc', 'ndcg@10']);
// The largest error each can take with ŷ, y ∈ [0, 1]; logloss: −ln 1e-7, though the logloss
// metric clips at 1e-6, so its own largest value is −ln 1e-6.
const WORST: Record<Exclude<FitnessError, 'auto'>, number> = { auc: 1, 'ndcg@10': 1, rmse: 1, logloss: -Math.log(1e-7) };

/**
 * EvoMAL's fitness: every candidate trains the same fresh model (one seed, one initialisation,
 * one row order) for a fixed number of steps; reward = −(validation error). A NaN or ±∞ loss
 * or gradient aborts the training with the worst reward. Its only state is the seed.
 */
export class ShortTraining implements Evaluator {
  readonly accepts = ['expression'] as const;
  private readonly error: Exclude<FitnessError, 'auto'>;
  private readonly pairs: TrainingPairs;
  private seed: number;
  private model!: Recommender;
  private initial!: RecommenderSnapshot;
  private orderSeed!: number;

  constructor(private readonly options: ShortTrainingOptions, private readonly table: OperatorTable, private readonly setup: TrainingSetup, rng: Rng) {
    this.error = options.error === 'auto' ? (selectionMetric(setup.data) as 'auc' | 'ndcg@10') : options.error;
    this.pairs = setup.data.epochPairs(0);
    if (this.pairs.users.length === 0) throw new RecsearchError('short training needs training rows; the training split is empty');
    this.seed = rng.int(0, 2 ** 31 - 1);
    this.initialise();
  }

  evaluate(candidate: Candidate): Verdict {
    if (candidate.kind !== 'expression') throw new RecsearchError('short training takes loss expressions');
    const { steps, batchSize, learningRate, l2 } = this.options;
    const loss = resolveLoss(candidate.expression, { eps: this.options.eps, ...candidate.parameters }, this.table);
    this.model.restore(this.initial);
    const settings = this.model.layerGroups.map(() => ({ learningRate, l2 }));
    const epochs = (steps * Math.min(batchSize, this.pairs.users.length)) / this.pairs.users.length;
    try {
      trainSteps(this.model, this.pairs, { loss: loss.gradient, steps, batchSize, settings, rng: Rng.fromSeed(this.orderSeed) });
    } catch (error) {
      if (!(error instanceof NonFiniteLossError)) throw error;
      return { pass: false, reward: this.divergedReward(), reason: `training diverged: ${error.message}`, metrics: { trainedEpochs: epochs }, cost: epochs };
    }
    const metrics = metricsOf(this.model, this.setup.data, 'validation');
    const value = metrics[this.error];
    if (!(this.error in metrics)) throw new RecsearchError(`short training: the ${this.setup.data.task} task reports no validation metric "${this.error}"`);
    const error = COMPLEMENTED.has(this.error) ? 1 - value : value;
    if (!Number.isFinite(error)) {
      return { pass: false, reward: this.divergedReward(), reason: 'training diverged: non-finite validation error', metrics: { trainedEpochs: epochs }, cost: epochs };
    }
    return { pass: true, reward: -error, metrics: { [this.error]: value, error, trainedEpochs: epochs }, cost: epochs };
  }

  snapshot(): Json {
    return { seed: this.seed };
  }

  restore(snapshot: Json): void {
    this.seed = (snapshot as { seed: number }).seed;
    this.model.dispose();
    this.initialise();
  }

  private initialise(): void {
    const rng = Rng.fromSeed(this.seed);
    this.model = seededModel(this.setup, rng.int(0, 2 ** 31 - 1), this.options.optimizer);
    this.initial = this.model.snapshot();
    this.orderSeed = rng.int(0, 2 ** 31 - 1);
  }

  private divergedReward(): number {
    return this.options.divergedReward ?? -WORST[this.error];
  }
}
