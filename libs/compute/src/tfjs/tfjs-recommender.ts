import * as tf from '@tensorflow/tfjs';
import {
  Rng,
  type Batch,
  type GroupSettings,
  type LayerGroup,
  type ParameterTensor,
  type Recommender,
  type RecommenderSnapshot,
} from '@recsearch/core';
import { ModelStateError } from '../errors';
import { BatchNorm } from '../native/batch-norm';
import { fillDropoutMask } from '../native/dropout';
import type { ResolvedOptimizerOptions } from '../native/optimizer';
import type { ForwardPass, Graph } from './graphs';
import { TfjsOptimizer, type TrainableVariable } from './tfjs-optimizer';

export interface TensorSpec {
  name: string;
  shape: number[];
  group: number;
  /** Embedding tables: which batch column indexes their rows. */
  rowsBy?: 'users' | 'items';
}

/** Everything a tfjs model needs to be built: what the native twin declares, plus its graph. */
export interface TfjsModelSpec {
  model: string;
  layerGroups: LayerGroup[];
  tensors: TensorSpec[];
  /** Non-trainable state (batch-norm statistics): name → length. */
  state: Record<string, number>;
  graph: Graph;
  /** Dropout rate and the width of each hidden layer it applies to. */
  dropout?: { rate: number; widths: number[] };
  optimizer: ResolvedOptimizerOptions;
}

interface LastPass {
  users: tf.Tensor1D;
  items: tf.Tensor1D;
  training: boolean;
  masks: tf.Tensor2D[];
  rows: number;
}

/** A recommender on tfjs variables: runs on whichever backend is selected (a GPU one included). */
export class TfjsRecommender implements Recommender {
  readonly model: string;
  readonly layerGroups: LayerGroup[];
  private readonly variables: TrainableVariable[];
  private readonly state: Record<string, tf.Variable>;
  private readonly optimizer: TfjsOptimizer;
  private readonly rng = Rng.fromSeed(0);
  private gradients = new Map<string, tf.Tensor>();
  private readonly touched: { users: tf.Tensor1D[]; items: tf.Tensor1D[] } = { users: [], items: [] };
  private last: LastPass | undefined;

  constructor(readonly spec: TfjsModelSpec) {
    this.model = spec.model;
    this.layerGroups = spec.layerGroups.map((group) => ({ ...group }));
    this.variables = spec.tensors.map(({ name, shape, group }) => ({ name, group, variable: tf.tidy(() => tf.variable(tf.zeros(shape), true)) }));
    this.state = Object.fromEntries(
      Object.entries(spec.state).map(([name, length]) => [name, tf.tidy(() => tf.variable(tf.zeros([length]), false))]),
    );
    this.optimizer = new TfjsOptimizer(spec.optimizer, this.variables);
  }

  private params(): Record<string, tf.Tensor> {
    return Object.fromEntries(this.variables.map(({ name, variable }) => [name, variable]));
  }

  predict(batch: Batch, training = false): Float32Array {
    const rows = batch.users.length;
    this.forgetLastPass();
    const masks: tf.Tensor2D[] = [];
    if (training && this.spec.dropout !== undefined && this.spec.dropout.rate > 0) {
      for (const width of this.spec.dropout.widths) {
        const mask = new Float32Array(rows * width);
        fillDropoutMask(this.rng, this.spec.dropout.rate, mask, mask.length);
        masks.push(tf.tensor2d(mask, [rows, width]));
      }
    }
    this.last = {
      users: tf.tensor1d(batch.users, 'int32'),
      items: tf.tensor1d(batch.items, 'int32'),
      training,
      masks,
      rows,
    };
    const last = this.last;
    return tf.tidy(() => {
      const pass: ForwardPass = { training, masks, moments: [] };
      const yhat = this.spec.graph(this.params(), this.state, last.users, last.items, pass);
      for (const { name, mean, variance } of pass.moments) this.updateRunningStatistics(name, mean, variance, rows);
      return yhat.dataSync() as Float32Array;
    });
  }

  private updateRunningStatistics(name: string, mean: tf.Tensor, variance: tf.Tensor, rows: number): void {
    const m = BatchNorm.momentum;
    const runningMean = this.state[`${name}.runningMean`];
    const runningVariance = this.state[`${name}.runningVariance`];
    const unbiased = rows > 1 ? tf.mul(variance, rows / (rows - 1)) : variance;
    runningMean.assign(tf.add(tf.mul(runningMean, 1 - m), tf.mul(mean, m)));
    runningVariance.assign(tf.add(tf.mul(runningVariance, 1 - m), tf.mul(unbiased, m)));
  }

  backward(lossGradient: Float32Array): void {
    const last = this.last;
    if (last === undefined) throw new ModelStateError(this.model, 'backward() called before predict()');
    const gradients = tf.tidy(() => {
      const weights = tf.tensor1d(lossGradient.subarray(0, last.rows));
      const objective = (): tf.Scalar => {
        const pass: ForwardPass = { training: last.training, masks: last.masks, moments: [] };
        return tf.sum(tf.mul(this.spec.graph(this.params(), this.state, last.users, last.items, pass), weights));
      };
      const { grads } = tf.variableGrads(objective, this.variables.map(({ variable }) => variable));
      return this.variables.map(({ variable }) => grads[variable.name]);
    });
    this.variables.forEach(({ name }, index) => {
      const previous = this.gradients.get(name);
      if (previous === undefined) {
        this.gradients.set(name, gradients[index]);
      } else {
        this.gradients.set(name, tf.add(previous, gradients[index]));
        previous.dispose();
        gradients[index].dispose();
      }
    });
    this.touched.users.push(tf.clone(last.users));
    this.touched.items.push(tf.clone(last.items));
  }

  /** Every row (the optimiser's row masks keep untouched rows still under `embeddingDecay: touched`). */
  addScaledParameters(scale: number): void {
    this.variables.forEach(({ name, variable }) => {
      const previous = this.gradients.get(name);
      this.gradients.set(name, tf.tidy(() => (previous === undefined ? tf.mul(variable, scale) : tf.add(previous, tf.mul(variable, scale)))));
      previous?.dispose();
    });
  }

  applyGradients(settings: readonly GroupSettings[]): void {
    if (settings.length !== this.layerGroups.length) {
      throw new ModelStateError(this.model, `expected settings for ${this.layerGroups.length} layer groups, got ${settings.length}`);
    }
    const masks = new Map<string, tf.Tensor>();
    if (this.spec.optimizer.embeddingDecay === 'touched') {
      for (const { name, shape, rowsBy } of this.spec.tensors) {
        if (rowsBy === undefined) continue;
        masks.set(name, tf.tidy(() => this.rowMask(this.touched[rowsBy], shape[0])));
      }
    }
    this.optimizer.apply(this.variables, this.gradients, masks, settings);
    for (const mask of masks.values()) mask.dispose();
    this.zeroGradients();
    // The step changed the parameters the last pass was taken with: it cannot be back-propagated any more.
    this.forgetLastPass();
  }

  /** rows × 1: 1 where a row was looked up since the last step. */
  private rowMask(indices: tf.Tensor1D[], rows: number): tf.Tensor {
    if (indices.length === 0) return tf.zeros([rows, 1]);
    const all = tf.concat(indices);
    const counts = tf.unsortedSegmentSum(tf.ones([all.size]), all, rows);
    return tf.reshape(tf.cast(tf.greater(counts, 0), 'float32'), [rows, 1]);
  }

  zeroGradients(): void {
    for (const gradient of this.gradients.values()) gradient.dispose();
    this.gradients = new Map();
    for (const list of [this.touched.users, this.touched.items]) {
      for (const tensor of list) tensor.dispose();
      list.length = 0;
    }
  }

  /** Copies (tfjs memory cannot be viewed): writing into them does not change the model. */
  parameters(): readonly ParameterTensor[] {
    return this.spec.tensors.map(({ name, shape, group }, index) => {
      const values = this.variables[index].variable.dataSync() as Float32Array;
      const gradient = this.gradients.get(name);
      return {
        name,
        shape,
        group,
        values: values.slice(),
        gradient: gradient === undefined ? new Float32Array(values.length) : (gradient.dataSync() as Float32Array).slice(),
      };
    });
  }

  snapshot(): RecommenderSnapshot {
    const tensors: Record<string, Float32Array> = {};
    for (const { name, variable } of this.variables) tensors[name] = (variable.dataSync() as Float32Array).slice();
    for (const [name, variable] of Object.entries(this.state)) tensors[name] = (variable.dataSync() as Float32Array).slice();
    tensors['optimizer.step'] = Float32Array.of(this.optimizer.stepCount);
    const moments: [string, Map<string, tf.Variable>][] = [
      ['optimizer.m.', this.optimizer.first],
      ['optimizer.v.', this.optimizer.second],
      ['optimizer.vmax.', this.optimizer.secondMax],
    ];
    for (const [prefix, map] of moments) {
      for (const [name, variable] of map) tensors[`${prefix}${name}`] = (variable.dataSync() as Float32Array).slice();
    }
    return { model: this.model, tensors, rngState: this.rng.state() };
  }

  restore(snapshot: RecommenderSnapshot): void {
    if (snapshot.model !== this.model) {
      throw new ModelStateError(this.model, `cannot restore a snapshot of model '${snapshot.model}'`);
    }
    const take = (name: string, variable: tf.Variable, required: boolean): void => {
      const saved = snapshot.tensors[name];
      if (saved === undefined && !required) {
        tf.tidy(() => variable.assign(tf.zerosLike(variable)));
        return;
      }
      if (saved === undefined) throw new ModelStateError(this.model, `snapshot lacks tensor '${name}'`);
      if (saved.length !== variable.size) {
        throw new ModelStateError(this.model, `snapshot tensor '${name}' has ${saved.length} values, expected ${variable.size}`);
      }
      tf.tidy(() => variable.assign(tf.tensor(saved, variable.shape)));
    };
    for (const { name, variable } of this.variables) take(name, variable, true);
    for (const [name, variable] of Object.entries(this.state)) take(name, variable, true);
    this.optimizer.stepCount = snapshot.tensors['optimizer.step']?.[0] ?? 0;
    for (const [name, variable] of this.optimizer.first) take(`optimizer.m.${name}`, variable, false);
    for (const [name, variable] of this.optimizer.second) take(`optimizer.v.${name}`, variable, false);
    for (const [name, variable] of this.optimizer.secondMax) take(`optimizer.vmax.${name}`, variable, false);
    if (snapshot.rngState !== undefined) this.rng.setState(snapshot.rngState);
    this.zeroGradients();
    this.forgetLastPass();
  }

  clone(): TfjsRecommender {
    const copy = new TfjsRecommender(this.spec);
    copy.restore(this.snapshot());
    return copy;
  }

  private forgetLastPass(): void {
    if (this.last === undefined) return;
    tf.dispose([this.last.users, this.last.items, ...this.last.masks]);
    this.last = undefined;
  }

  dispose(): void {
    this.zeroGradients();
    this.forgetLastPass();
    for (const { variable } of this.variables) variable.dispose();
    for (const variable of Object.values(this.state)) variable.dispose();
    this.optimizer.dispose();
  }
}
