import { defineEvent, type Json } from '@recsearch/core';
import { autoLossGenStopping, decodeFitState, encodeFitState, fit, patience, type EpochReport, type FitResult } from '@recsearch/compute';
import { metricsOf } from './evaluate-model';
import type { PreparedData } from './prepare-data';
import { checkpointOf } from './training-checkpoints';
import type { TrainingJob } from './training-job';

declare module '@recsearch/core' {
  interface EventPayloads {
    'training.epoch': EpochReport & { metric: string };
    'training.finished': { epochs: number; bestEpoch: number; stopReason: string; test: Record<string, number> };
  }
}

/** [Trainer] events. */
export const trainingEpoch = defineEvent('training.epoch');
export const trainingFinished = defineEvent('training.finished');

/** The validation metric that drives early stopping: AUC for classification, NDCG@10 for ranking. */
export function selectionMetric(data: PreparedData): string {
  return data.task === 'classification' ? 'auc' : 'ndcg@10';
}

export interface TrainingOutcome extends FitResult {
  metric: string;
  validation: Record<string, number>;
  test: Record<string, number>;
}

/**
 * Trains `model` with `loss` to convergence (the early-stopping rule of the options), restores
 * its best epoch, and reports validation and test metrics. Epochs are announced on the bus.
 * With `checkpoints`, saves its state after every epoch and continues from a saved one.
 */
export async function trainModel(job: TrainingJob): Promise<TrainingOutcome> {
  const { model, data, loss, training: options, rng, bus, checkpoints } = job;
  const metric = selectionMetric(data);
  const saved = checkpointOf<{ method: 'fixed'; fit: Json }>(checkpoints, 'fixed');
  const settings = model.layerGroups.map(() => ({ learningRate: options.learningRate, l2: options.l2 }));
  const result = await fit(model, (epoch) => data.epochPairs(epoch), {
    loss: loss.gradient,
    batchSize: options.batchSize,
    settings,
    rng,
    maxEpochs: options.maxEpochs,
    stopping: options.stopping === 'autolossgen' ? autoLossGenStopping : patience(options.stopping.patience),
    validate: (trained) => metricsOf(trained, data, 'validation')[metric],
    explicitL2: options.explicitL2,
    onEpoch: (report) => bus?.emit(trainingEpoch({ ...report, metric })),
    ...(saved ? { resume: decodeFitState(saved.fit) } : {}),
    ...(checkpoints ? { onCheckpoint: (state) => checkpoints.save({ method: 'fixed', fit: encodeFitState(state) }), shouldStop: () => checkpoints.stopRequested() } : {}),
  });
  const outcome = { ...result, metric, validation: metricsOf(model, data, 'validation'), test: metricsOf(model, data, 'test') };
  bus?.emit(trainingFinished({ epochs: result.epochs, bestEpoch: result.bestEpoch, stopReason: result.stopReason, test: outcome.test }));
  return outcome;
}
