import { NativeMf } from '../native/mf';
import { NativeMlp } from '../native/mlp';
import type { NativeRecommender } from '../native/native-recommender';
import { NativeNeuMf } from '../native/neumf';
import { mfGraph, mlpGraph, neumfGraph, type Graph } from './graphs';
import { TfjsRecommender, type TensorSpec, type TfjsModelSpec } from './tfjs-recommender';

function graphOf(native: NativeRecommender): { graph: Graph; dropout?: TfjsModelSpec['dropout'] } {
  if (native instanceof NativeMf) return { graph: mfGraph };
  if (native instanceof NativeMlp) {
    const hidden = [...(native.options.hidden ?? [64, 16])];
    return {
      graph: mlpGraph(hidden.length, native.options.batchNorm ?? true),
      dropout: { rate: native.options.dropout ?? 0.2, widths: hidden },
    };
  }
  if (native instanceof NativeNeuMf) return { graph: neumfGraph((native.options.hidden ?? [32, 16, 8]).length) };
  throw new Error(`no tfjs graph for model '${native.model}'`);
}

/**
 * The tfjs implementation of a native model, with the same options, tensor names, layer
 * groups, optimiser and current state (parameters, statistics, dropout stream).
 */
export function createTfjsTwin(native: NativeRecommender): TfjsRecommender {
  const parameters = native.parameters();
  const tensors: TensorSpec[] = parameters.map((tensor) => ({
    name: tensor.name,
    shape: [...tensor.shape],
    group: tensor.group,
    rowsBy: tensor.touched === undefined ? undefined : /(^|\.)user\./.test(tensor.name) ? 'users' : 'items',
  }));
  const snapshot = native.snapshot();
  const names = new Set(parameters.map((tensor) => tensor.name));
  const state = Object.fromEntries(
    Object.entries(snapshot.tensors)
      .filter(([name]) => !names.has(name) && !name.startsWith('optimizer.'))
      .map(([name, values]) => [name, values.length]),
  );
  const twin = new TfjsRecommender({
    model: native.model,
    layerGroups: native.layerGroups,
    tensors,
    state,
    ...graphOf(native),
    optimizer: native.optimizerOptions,
  });
  twin.restore(snapshot);
  return twin;
}
