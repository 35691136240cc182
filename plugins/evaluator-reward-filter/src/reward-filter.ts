import { RecsearchError, type Candidate, type Evaluator, type Json, type Recommender, type Rng, type Verdict } from '@recsearch/core';
import { decodeSnapshot, encodeSnapshot, NonFiniteLossError, trainEpoch } from '@recsearch/compute';
import type { OperatorTable } from '@recsearch/expr';
import { freshModel, metricsOf, resolveLoss, selectionMetric, type TrainingSetup } from '@recsearch/training';

export interface RewardFilterOptions {
  /** η: a candidate is accepted when reward ≥ −η. */
  eta: number;
  /** Learning rate of the run's optimiser (training.optimizer) for these epochs (paper: SGD, lr 0.01, with ℓ2). */
  learningRate: number;
  l2: number;
  batchSize: number;
  /** Training passes per candidate (paper: 1). */
  epochs: number;
  /** Reward of a loss whose training diverges (NaN/∞). */
  divergedReward: number;
  eps: number;
}

/**
 * AutoLossGen's Phase I evaluation: trains a clone of the live recommender with the candidate
 * loss; reward = its validation metric (AUC, or NDCG@10 when ranking) minus the live model's.
 * When reward ≥ −η the clone becomes the live model. Owns the live model and checkpoints it.
 */
export class RewardFilter implements Evaluator {
  readonly accepts = ['expression'] as const;
  private live: Recommender;
  private liveScore: number;
  private epoch = 0;
  private readonly metric: string;

  constructor(private readonly options: RewardFilterOptions, private readonly table: OperatorTable, private readonly setup: TrainingSetup, private readonly rng: Rng) {
    this.live = freshModel(setup);
    this.metric = selectionMetric(setup.data);
    this.liveScore = this.score(this.live);
  }

  evaluate(candidate: Candidate): Verdict {
    if (candidate.kind !== 'expression') throw new RecsearchError('the reward filter takes loss expressions');
    const loss = resolveLoss(candidate.expression, { eps: this.options.eps, ...candidate.parameters }, this.table);
    const copy = this.live.clone();
    const settings = copy.layerGroups.map(() => ({ learningRate: this.options.learningRate, l2: this.options.l2 }));
    let pass = 0;
    try {
      for (; pass < this.options.epochs; pass++) {
        trainEpoch(copy, this.setup.data.epochPairs(this.epoch), { loss: loss.gradient, batchSize: this.options.batchSize, settings, rng: this.rng, epoch: this.epoch });
      }
    } catch (error) {
      copy.dispose();
      if (!(error instanceof NonFiniteLossError)) throw error;
      return { pass: false, reward: this.options.divergedReward, reason: 'training diverged (non-finite loss)', metrics: { liveScore: this.liveScore }, cost: pass + 1 };
    }
    const cost = this.options.epochs;
    const score = this.score(copy);
    const reward = score - this.liveScore;
    const metrics = { [this.metric]: score, liveScore: this.liveScore };
    if (!(reward >= -this.options.eta)) {
      copy.dispose();
      return { pass: false, reward: Number.isFinite(reward) ? reward : this.options.divergedReward, reason: 'filtered: the live model would get worse', metrics, cost };
    }
    this.live.dispose();
    this.live = copy;
    this.liveScore = score;
    this.epoch++;
    return { pass: true, reward, metrics, cost };
  }

  snapshot(): Json {
    return { live: encodeSnapshot(this.live.snapshot()) as unknown as Json, liveScore: this.liveScore, epoch: this.epoch };
  }

  restore(snapshot: Json): void {
    const state = snapshot as { live: unknown; liveScore: number; epoch: number };
    this.live.restore(decodeSnapshot(state.live as never));
    this.liveScore = state.liveScore;
    this.epoch = state.epoch;
  }

  private score(model: Recommender): number {
    return metricsOf(model, this.setup.data, 'validation')[this.metric];
  }
}
