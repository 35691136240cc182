import { yieldToEventLoop } from '@recsearch/core';
import type { GroupSettings, Recommender, RecommenderSnapshot, Rng } from '@recsearch/core';
import { ModelStateError, NonFiniteLossError } from '../errors';
import { shuffleInPlace } from '../native/rng-stream';
import { EarlyStopping, type StopReason, type StoppingRules } from './early-stopping';
import { TrainingInterrupted, type EpochReport, type FitState } from './fit-state';
import type { LossGradient } from './losses';

export * from './fit-state';

/** Labelled training pairs: row r = (users[r], items[r], labels[r]). */
export interface TrainingPairs {
  users: Int32Array;
  items: Int32Array;
  labels: Float32Array;
}

export interface EpochOptions {
  loss: LossGradient;
  batchSize: number;
  /** η and λ per layer group of the model. */
  settings: readonly GroupSettings[];
  /** Shuffles the rows at the start of the epoch. */
  rng: Rng;
  /** Epoch number, for error messages (default 0). */
  epoch?: number;
  /**
   * An explicit λ‖θ‖² over every parameter (whole tables, not just the batch's rows) added to
   * each batch's loss, on top of the optimiser's weight decay: the AutoLossGen reference code
   * applies ℓ2 both ways. Its gradient 2λθ is added before the optimiser clips. Default 0.
   */
  explicitL2?: number;
}

export interface EpochResult {
  /** Mean per-row training loss over the epoch. */
  loss: number;
  batches: number;
  seconds: number;
}

/** Reusable per-batch buffers: training allocates nothing per row or per batch beyond the model's output. */
export class BatchBuffers {
  readonly users: Int32Array;
  readonly items: Int32Array;
  readonly labels: Float32Array;
  readonly losses: Float32Array;
  readonly gradients: Float32Array;
  /** The whole buffers as a model's batch. */
  readonly full: { users: Int32Array; items: Int32Array };

  constructor(readonly size: number) {
    this.users = new Int32Array(size);
    this.items = new Int32Array(size);
    this.labels = new Float32Array(size);
    this.losses = new Float32Array(size);
    this.gradients = new Float32Array(size);
    this.full = { users: this.users, items: this.items };
  }
}

/** What one minibatch step needs of the training settings. */
export type BatchStep = Pick<EpochOptions, 'loss' | 'settings' | 'explicitL2'>;

/**
 * One minibatch on rows order[start … start + n) of `data`: predict, loss gradient / n,
 * backward, update. Returns the batch's summed loss. A NaN or ±∞ loss or gradient throws
 * NonFiniteLossError (at `position`) before the model is touched by it.
 */
export function trainBatch(
  model: Recommender,
  data: TrainingPairs,
  rows: { order: Int32Array; start: number; n: number },
  buffers: BatchBuffers,
  step: BatchStep,
  position: { epoch: number; batch: number },
): number {
  const { order, start, n } = rows;
  const { users, items, labels, losses, gradients } = buffers;
  for (let r = 0; r < n; r++) {
    const row = order[start + r];
    users[r] = data.users[row];
    items[r] = data.items[row];
    labels[r] = data.labels[row];
  }
  const batch = n === buffers.size ? buffers.full : { users: users.subarray(0, n), items: items.subarray(0, n) };
  const yhat = model.predict(batch, true);
  step.loss(yhat, labels, n, losses, gradients);
  let batchLoss = 0;
  let gradientSum = 0;
  for (let r = 0; r < n; r++) {
    batchLoss += losses[r];
    gradientSum += gradients[r];
    // J is the batch mean of the per-row losses.
    gradients[r] /= n;
  }
  if (!Number.isFinite(batchLoss) || !Number.isFinite(gradientSum)) {
    throw new NonFiniteLossError(position.epoch, position.batch, Number.isFinite(batchLoss) ? gradientSum : batchLoss);
  }
  model.backward(gradients);
  // ∂(λ‖θ‖²)/∂θ = 2λθ.
  const explicitL2 = step.explicitL2 ?? 0;
  if (explicitL2 > 0) model.addScaledParameters(2 * explicitL2);
  model.applyGradients(step.settings);
  return batchLoss;
}

function checkPairs(data: TrainingPairs, model: Recommender): number {
  const n = data.users.length;
  if (data.items.length !== n || data.labels.length !== n) {
    throw new ModelStateError(
      model.model,
      `training pairs disagree in length: ${n} users, ${data.items.length} items, ${data.labels.length} labels`,
    );
  }
  return n;
}

/** One pass over the shuffled pairs in minibatches: predict, loss gradient / batch size, backward, update. */
export function trainEpoch(model: Recommender, data: TrainingPairs, options: EpochOptions): EpochResult {
  const started = performance.now();
  const total = checkPairs(data, model);
  const size = Math.max(1, Math.min(options.batchSize, total));
  const order = new Int32Array(total);
  for (let r = 0; r < total; r++) order[r] = r;
  shuffleInPlace(options.rng, order);
  const buffers = new BatchBuffers(size);
  let lossSum = 0;
  let batches = 0;
  for (let start = 0; start < total; start += size) {
    const n = Math.min(size, total - start);
    lossSum += trainBatch(model, data, { order, start, n }, buffers, options, { epoch: options.epoch ?? 0, batch: batches });
    batches++;
  }
  return { loss: total === 0 ? 0 : lossSum / total, batches, seconds: (performance.now() - started) / 1000 };
}

export interface FitOptions extends Omit<EpochOptions, 'epoch'> {
  maxEpochs: number;
  /** Validation metric of the model after an epoch, higher is better (e.g. AUC, −RMSE). */
  validate: (model: Recommender) => number;
  stopping: StoppingRules;
  /** Restore the best epoch's parameters at the end (default true). */
  restoreBest?: boolean;
  onEpoch?: (report: EpochReport) => void;
  /** Continue from a state `onCheckpoint` was given: the model and `rng` are restored from it. */
  resume?: FitState;
  /** Called after every epoch (after `onEpoch`) with the state to continue from. */
  onCheckpoint?: (state: FitState) => void;
  /** Asked after each epoch's checkpoint: true ends the fit by throwing `TrainingInterrupted`. */
  shouldStop?: () => boolean;
}

export interface FitResult {
  epochs: number;
  bestEpoch: number;
  bestValidation: number;
  stopReason: StopReason;
  history: EpochReport[];
}

/** The training pairs of an epoch: fixed, or drawn per epoch (e.g. fresh negatives). */
export type EpochData = TrainingPairs | ((epoch: number) => TrainingPairs);

/**
 * Trains epoch after epoch until a stopping rule fires or maxEpochs; epochs count from 0.
 * Yields to the event loop between epochs so progress and Ctrl-C are heard.
 */
export async function fit(model: Recommender, data: EpochData, options: FitOptions): Promise<FitResult> {
  const stopping = new EarlyStopping(options.stopping);
  const history: EpochReport[] = [];
  let best: RecommenderSnapshot | undefined;
  let start = 0;
  if (options.resume) {
    ({ best } = options.resume);
    start = options.resume.epochs;
    model.restore(options.resume.model);
    options.rng.setState(options.resume.rng);
    stopping.setState(options.resume.stopping);
    history.push(...options.resume.history);
  }
  const ended = start > 0 ? stopping.stopReason() : undefined;
  let stopReason: StopReason = ended ?? 'max-epochs';
  for (let epoch = start; epoch < options.maxEpochs && ended === undefined; epoch++) {
    const result = trainEpoch(model, typeof data === 'function' ? data(epoch) : data, { ...options, epoch });
    const validation = options.validate(model);
    if (stopping.record(epoch, validation) && options.restoreBest !== false) best = model.snapshot();
    const report: EpochReport = {
      epoch,
      loss: result.loss,
      validation,
      best: stopping.best,
      bestEpoch: stopping.bestEpoch,
      seconds: result.seconds,
    };
    history.push(report);
    options.onEpoch?.(report);
    // An epoch that set a new best snapshotted the model just above: the checkpoint reuses it.
    options.onCheckpoint?.({ epochs: epoch + 1, model: best !== undefined && stopping.bestEpoch === epoch ? best : model.snapshot(), rng: options.rng.state(), stopping: stopping.state(), history: [...history], ...(best ? { best } : {}) });
    const reason = stopping.stopReason();
    if (reason !== undefined) {
      stopReason = reason;
      break;
    }
    if (epoch + 1 < options.maxEpochs && options.shouldStop?.()) throw new TrainingInterrupted(`epoch ${epoch + 1}`);
    await yieldToEventLoop();
  }
  if (best !== undefined) model.restore(best);
  return { epochs: history.length, bestEpoch: stopping.bestEpoch, bestValidation: stopping.best, stopReason, history };
}
