import { Rng, type Batch } from '@recsearch/core';
import { ArenaPlan, TensorArena } from './arena';
import { DenseLayer } from './dense';
import { gatherRows, scatterAddRows } from './embedding';
import { fillNormal } from './init';
import { NativeRecommender } from './native-recommender';
import type { OptimizerOptions } from './optimizer';
import { ensureLength, NativeTensor } from './tensor';
import { Tower } from './tower';

export interface NeuMfOptions {
  users: number;
  items: number;
  /** GMF embedding size (default 8, He et al.'s predictive factors). */
  gmfDim?: number;
  /** MLP-tower embedding size (default 32: the tower's input is 64 wide). */
  mlpDim?: number;
  /** MLP-tower hidden widths (default [32, 16, 8]). */
  hidden?: readonly number[];
  embeddingStd?: number;
  seed?: number;
  optimizer?: OptimizerOptions;
}

/**
 * DE-Opt's NeuMF groups: GMF embeddings, MLP embeddings, dense 1, dense 2, and the remaining
 * dense layers with the output layer (fewer dense groups when the tower is shallower).
 */
export function neumfLayerGroups(hidden: readonly number[]): { names: string[]; towerGroups: number[]; outputGroup: number } {
  const names = ['gmf-embeddings', 'mlp-embeddings'];
  const towerGroups = hidden.map((_, index) => 2 + Math.min(index, 2));
  const denseGroups = Math.min(hidden.length, 2);
  for (let index = 0; index < denseGroups; index++) names.push(`dense-${index + 1}`);
  names.push(hidden.length >= 3 ? `dense-3-${hidden.length + 1}` : `dense-${hidden.length + 1}`);
  return { names, towerGroups, outputGroup: names.length - 1 };
}

/** NeuMF (He et al. 2017): σ(h·[p_u ⊙ q_i ; MLP([p'_u; q'_i])] + b), ReLU tower without batch norm or dropout. */
export class NativeNeuMf extends NativeRecommender {
  readonly model = 'neumf';
  readonly gmfDim: number;
  readonly mlpDim: number;
  private readonly gmfUser: NativeTensor;
  private readonly gmfItem: NativeTensor;
  private readonly mlpUser: NativeTensor;
  private readonly mlpItem: NativeTensor;
  private readonly tower: Tower;
  private readonly output: DenseLayer;
  private joined: Float32Array = new Float32Array(0);
  private joinedGradient: Float32Array = new Float32Array(0);
  private towerGradient: Float32Array = new Float32Array(0);
  private logits: Float32Array = new Float32Array(0);
  private users: Int32Array = new Int32Array(0);
  private items: Int32Array = new Int32Array(0);

  constructor(readonly options: NeuMfOptions, initialise = true) {
    const gmfDim = options.gmfDim ?? 8;
    const mlpDim = options.mlpDim ?? 32;
    const hidden = options.hidden ?? [32, 16, 8];
    const { names, towerGroups, outputGroup } = neumfLayerGroups(hidden);
    const rng = Rng.fromSeed(options.seed ?? 0);
    // The tables live in a wasm arena (where available) so their sparse updates run on SIMD kernels.
    const tables = [
      { size: options.users * gmfDim, rows: options.users },
      { size: options.items * gmfDim, rows: options.items },
      { size: options.users * mlpDim, rows: options.users },
      { size: options.items * mlpDim, rows: options.items },
    ];
    const arena = TensorArena.create(new ArenaPlan().tensors(tables, options.optimizer));
    const embeddings = [
      new NativeTensor('gmf.user.embedding', [options.users, gmfDim], 0, true, arena),
      new NativeTensor('gmf.item.embedding', [options.items, gmfDim], 0, true, arena),
      new NativeTensor('mlp.user.embedding', [options.users, mlpDim], 1, true, arena),
      new NativeTensor('mlp.item.embedding', [options.items, mlpDim], 1, true, arena),
    ];
    const tower = new Tower({ name: 'mlp', inputs: 2 * mlpDim, hidden, groups: towerGroups, batchNorm: false, dropout: 0 }, rng);
    const output = new DenseLayer('output', gmfDim + tower.outputs, 1, outputGroup);
    super(names, [...embeddings, ...tower.tensors(), output.kernel, output.bias], {}, options.optimizer, rng);
    this.gmfDim = gmfDim;
    this.mlpDim = mlpDim;
    [this.gmfUser, this.gmfItem, this.mlpUser, this.mlpItem] = embeddings;
    this.tower = tower;
    this.output = output;
    if (initialise) {
      for (const table of embeddings) fillNormal(rng, table.values, options.embeddingStd ?? 0.01);
      tower.initialise();
      output.initialise(rng);
    }
  }

  protected blank(): NativeNeuMf {
    return new NativeNeuMf(this.options, false);
  }

  protected forward(batch: Batch, n: number, training: boolean): void {
    const { gmfDim, mlpDim } = this;
    const input = this.tower.inputBuffer(n);
    gatherRows(this.mlpUser, batch.users, n, input, 2 * mlpDim, 0);
    gatherRows(this.mlpItem, batch.items, n, input, 2 * mlpDim, mlpDim);
    const hidden = this.tower.forward(n, training);
    const towerWidth = this.tower.outputs;
    const width = gmfDim + towerWidth;
    this.joined = ensureLength(this.joined, n * width);
    const joined = this.joined;
    const p = this.gmfUser.values;
    const q = this.gmfItem.values;
    for (let r = 0; r < n; r++) {
      const pu = batch.users[r] * gmfDim;
      const qi = batch.items[r] * gmfDim;
      const row = r * width;
      for (let k = 0; k < gmfDim; k++) joined[row + k] = p[pu + k] * q[qi + k];
      for (let k = 0; k < towerWidth; k++) joined[row + gmfDim + k] = hidden[r * towerWidth + k];
    }
    this.logits = ensureLength(this.logits, n);
    this.output.forward(joined, n, this.logits);
    for (let r = 0; r < n; r++) this.yhat[r] = 1 / (1 + Math.exp(-this.logits[r]));
    this.users = batch.users;
    this.items = batch.items;
  }

  protected backpropagate(dz: Float32Array, n: number): void {
    const { gmfDim, mlpDim } = this;
    const towerWidth = this.tower.outputs;
    const width = gmfDim + towerWidth;
    this.joinedGradient = ensureLength(this.joinedGradient, n * width);
    this.towerGradient = ensureLength(this.towerGradient, n * towerWidth);
    const dj = this.joinedGradient;
    this.output.backward(this.joined, dz, n, dj);
    const p = this.gmfUser.values;
    const q = this.gmfItem.values;
    const gp = this.gmfUser.gradient;
    const gq = this.gmfItem.gradient;
    for (let r = 0; r < n; r++) {
      const u = this.users[r];
      const i = this.items[r];
      const pu = u * gmfDim;
      const qi = i * gmfDim;
      const row = r * width;
      for (let k = 0; k < gmfDim; k++) {
        gp[pu + k] += dj[row + k] * q[qi + k];
        gq[qi + k] += dj[row + k] * p[pu + k];
      }
      for (let k = 0; k < towerWidth; k++) this.towerGradient[r * towerWidth + k] = dj[row + gmfDim + k];
      this.gmfUser.markRow(u);
      this.gmfItem.markRow(i);
    }
    const inputGradient = this.tower.backward(this.towerGradient, n);
    scatterAddRows(this.mlpUser, this.users, n, inputGradient, 2 * mlpDim, 0);
    scatterAddRows(this.mlpItem, this.items, n, inputGradient, 2 * mlpDim, mlpDim);
  }
}
