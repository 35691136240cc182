import { RecsearchError, type Rng, type Candidate, type Evaluator, type Json, type Verdict } from '@recsearch/core';
import type { OperatorTable } from '@recsearch/expr';
import { resolveLoss, seededModel, type TrainingSetup } from '@recsearch/training';
import { descendPredictions, metricFor, taskError, type TaskMetric } from './prediction-descent';

export interface RejectionFilterOptions {
  /** Training rows whose predictions are optimised (EvoMAL: 100). */
  rows: number;
  /** Adam steps on the predictions (EvoMAL: 100–1000). */
  steps: number;
  learningRate: number;
  /** `auto`: BCE when the labels are 0/1, else MSE. */
  metric: 'auto' | TaskMetric;
  /** Reward of a rejected loss. */
  rejectedReward: number;
  eps: number;
}

/** The fixed sample every candidate is judged on: labels and a fresh model's predictions. */
interface Sample {
  labels: Float32Array;
  initial: Float32Array;
  metric: TaskMetric;
  baseline: number;
}

/**
 * EvoMAL's rejection filter: optimises the predictions of a fixed sample of training rows
 * directly under the candidate loss (the predictions start as a fresh model's, as in the
 * reference code) and rejects the loss when the task metric does not improve. Its only state
 * is that sample.
 */
export class RejectionFilter implements Evaluator {
  readonly accepts = ['expression'] as const;
  private sample: Sample;

  constructor(private readonly options: RejectionFilterOptions, private readonly table: OperatorTable, private readonly setup: TrainingSetup, rng: Rng) {
    this.sample = this.draw(rng);
  }

  evaluate(candidate: Candidate): Verdict {
    if (candidate.kind !== 'expression') throw new RecsearchError('the rejection filter takes loss expressions');
    const { labels, initial, metric, baseline } = this.sample;
    const loss = resolveLoss(candidate.expression, { eps: this.options.eps, ...candidate.parameters }, this.table);
    const result = descendPredictions(loss.gradient, initial, labels, this.options);
    if (!result.yhat) {
      return { pass: false, reward: this.options.rejectedReward, reason: `rejected: non-finite loss or gradient at step ${result.steps + 1}`, metrics: { baseline } };
    }
    const optimised = taskError(metric, result.yhat, labels);
    const improvement = baseline - optimised;
    const metrics = { baseline, optimised, improvement };
    if (!(improvement > 0)) return { pass: false, reward: this.options.rejectedReward, reason: 'rejected: task metric did not improve', metrics };
    return { pass: true, reward: improvement, metrics };
  }

  // The sample itself, not its seed: ranking data draws fresh negatives on every epochPairs call.
  snapshot(): Json {
    return { labels: [...this.sample.labels], initial: [...this.sample.initial] };
  }

  restore(snapshot: Json): void {
    const state = snapshot as { labels: number[]; initial: number[] };
    this.sample = this.measure(Float32Array.from(state.labels), Float32Array.from(state.initial));
  }

  private draw(rng: Rng): Sample {
    const pairs = this.setup.data.epochPairs(0);
    const total = pairs.users.length;
    if (total === 0) throw new RecsearchError('the rejection filter needs training rows; the training split is empty');
    const count = Math.min(this.options.rows, total);
    const picked = new Set<number>();
    while (picked.size < count) picked.add(rng.int(0, total - 1));
    const rows = [...picked];
    const batch = { users: Int32Array.from(rows, (r) => pairs.users[r]), items: Int32Array.from(rows, (r) => pairs.items[r]) };
    const labels = Float32Array.from(rows, (r) => pairs.labels[r]);
    const model = seededModel(this.setup, rng.int(0, 2 ** 31 - 1));
    const initial = Float32Array.from(model.predict(batch, false));
    model.dispose();
    return this.measure(labels, initial);
  }

  private measure(labels: Float32Array, initial: Float32Array): Sample {
    const metric = this.options.metric === 'auto' ? metricFor(labels) : this.options.metric;
    return { labels, initial, metric, baseline: taskError(metric, initial, labels) };
  }
}
