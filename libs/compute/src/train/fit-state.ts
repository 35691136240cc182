import { RecsearchError, type Json, type RecommenderSnapshot } from '@recsearch/core';
import { decodeSnapshot, encodeSnapshot } from '../snapshot-codec';
import type { EarlyStoppingState } from './early-stopping';

/** One epoch of a fit as its history records it. */
export interface EpochReport {
  epoch: number;
  loss: number;
  validation: number;
  best: number;
  bestEpoch: number;
  seconds: number;
}

/**
 * Everything a fit needs to continue after its last finished epoch exactly as if it had never
 * stopped: the model (parameters, optimiser moments, dropout stream), the shuffling stream, the
 * early-stopping state, the history and the best epoch's weights.
 */
export interface FitState {
  /** Epochs finished; the next epoch is this one. */
  epochs: number;
  model: RecommenderSnapshot;
  rng: number[];
  stopping: EarlyStoppingState;
  history: EpochReport[];
  best?: RecommenderSnapshot;
}

/** The user asked to stop (Ctrl-C): the trainer saved its state after the last epoch and stopped. */
export class TrainingInterrupted extends RecsearchError {
  override readonly exitCode = 130;
  constructor(readonly after: string) {
    super(`training interrupted after ${after}`);
  }
}

/** JSON has no NaN or ±∞ (an untouched best score is −∞): they travel as {"$number": "-Infinity"}. */
export function encodeNumbers(value: unknown): Json {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (Array.isArray(value)) return value.map(encodeNumbers);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined).map(([key, inner]) => [key, encodeNumbers(inner)]));
  }
  return value as Json;
}

export function decodeNumbers<T>(json: Json): T {
  if (Array.isArray(json)) return json.map((inner) => decodeNumbers(inner)) as T;
  if (json !== null && typeof json === 'object') {
    const keys = Object.keys(json);
    if (keys.length === 1 && keys[0] === '$number' && typeof json['$number'] === 'string') return Number(json['$number']) as T;
    return Object.fromEntries(keys.map((key) => [key, decodeNumbers(json[key])])) as T;
  }
  return json as T;
}

export function encodeFitState(state: FitState): Json {
  const { model, best, ...rest } = state;
  return { ...(encodeNumbers(rest) as Record<string, Json>), model: encodeSnapshot(model), ...(best ? { best: encodeSnapshot(best) } : {}) };
}

export function decodeFitState(json: Json): FitState {
  const { model, best, ...rest } = json as Record<string, Json>;
  return { ...decodeNumbers<Omit<FitState, 'model' | 'best'>>(rest), model: decodeSnapshot(model), ...(best ? { best: decodeSnapshot(best) } : {}) };
}
