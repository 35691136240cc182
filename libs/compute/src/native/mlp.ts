import { Rng, type Batch } from '@recsearch/core';
import { ArenaPlan, TensorArena } from './arena';
import { ArenaBatch, type TableColumns } from './arena-batch';
import { DenseLayer } from './dense';
import { gatherRows, scatterAddRows } from './embedding';
import { fillNormal } from './init';
import { NativeRecommender } from './native-recommender';
import type { OptimizerOptions } from './optimizer';
import { ensureLength, NativeTensor } from './tensor';
import { Tower } from './tower';

export interface MlpOptions {
  users: number;
  items: number;
  /** Embedding size d of users and items (default 64: the input is [e_u; e_i], 128 wide). */
  dim?: number;
  /** Hidden widths (default [64, 16]). */
  hidden?: readonly number[];
  /** Dropout rate after each hidden layer in training (default 0.2). */
  dropout?: number;
  /** Batch norm after each hidden dense layer (default true). */
  batchNorm?: boolean;
  embeddingStd?: number;
  seed?: number;
  optimizer?: OptimizerOptions;
}

/** Batches of up to this many rows (training batches; evaluation comes in longer ones) keep their activations in the model's arena. */
const arenaRows = 256;

/** Layer groups: embeddings, one per hidden layer (with its batch norm), the output layer. */
export function mlpLayerGroups(hidden: readonly number[]): string[] {
  return ['embeddings', ...hidden.map((_, index) => `dense-${index + 1}`), 'output'];
}

/** AutoLossGen's MLP: [e_u; e_i] → (Dense → BatchNorm → ReLU → Dropout)* → Dense → σ. */
export class NativeMlp extends NativeRecommender {
  readonly model = 'mlp';
  readonly dim: number;
  readonly userEmbedding: NativeTensor;
  readonly itemEmbedding: NativeTensor;
  private readonly tower: Tower;
  private readonly output: DenseLayer;
  private logits: Float32Array = new Float32Array(0);
  /** The tower's output for the last batch (the output layer's input). */
  private hidden: Float32Array = new Float32Array(0);
  private towerGradient: Float32Array = new Float32Array(0);
  private users: Int32Array = new Int32Array(0);
  private items: Int32Array = new Int32Array(0);
  /** Gather/scatter on the SIMD kernels; undefined on the plain-loop path. */
  private readonly batchBuffers: ArenaBatch | undefined;
  private readonly columns: readonly TableColumns[];

  constructor(readonly options: MlpOptions, initialise = true) {
    const dim = options.dim ?? 64;
    const hidden = options.hidden ?? [64, 16];
    const groups = mlpLayerGroups(hidden);
    const rng = Rng.fromSeed(options.seed ?? 0);
    const batchNorm = options.batchNorm ?? true;
    // The tables, and the layers' weights, live in a wasm arena (where available) so the
    // optimiser's updates run on SIMD kernels in place.
    const shape = { inputs: 2 * dim, hidden, batchNorm };
    const tensors = [
      { size: options.users * dim, rows: options.users },
      { size: options.items * dim, rows: options.items },
      ...Tower.shapes(shape),
      ...DenseLayer.shapes(hidden.length === 0 ? 2 * dim : hidden[hidden.length - 1], 1),
    ];
    // So do a training batch's activations, so a step's kernels all run in place.
    const arena = TensorArena.create(Tower.plan(ArenaBatch.plan(new ArenaPlan().tensors(tensors, options.optimizer), 2 * dim), shape, arenaRows));
    const userEmbedding = new NativeTensor('user.embedding', [options.users, dim], 0, true, arena);
    const itemEmbedding = new NativeTensor('item.embedding', [options.items, dim], 0, true, arena);
    const tower = new Tower(
      {
        name: 'mlp',
        inputs: 2 * dim,
        hidden,
        groups: hidden.map((_, index) => index + 1),
        batchNorm,
        dropout: options.dropout ?? 0.2,
        arena,
        rows: arenaRows,
      },
      rng,
    );
    const output = new DenseLayer('output', tower.outputs, 1, groups.length - 1, true, arena);
    super(groups, [userEmbedding, itemEmbedding, ...tower.tensors(), output.kernel, output.bias], tower.state(), options.optimizer, rng);
    this.dim = dim;
    this.userEmbedding = userEmbedding;
    this.itemEmbedding = itemEmbedding;
    this.tower = tower;
    this.output = output;
    this.batchBuffers = arena === undefined ? undefined : new ArenaBatch(arena, 2 * dim);
    this.columns = [
      { table: userEmbedding, by: 'users', offset: 0 },
      { table: itemEmbedding, by: 'items', offset: dim },
    ];
    if (initialise) {
      fillNormal(rng, userEmbedding.values, options.embeddingStd ?? 0.01);
      fillNormal(rng, itemEmbedding.values, options.embeddingStd ?? 0.01);
      tower.initialise();
      output.initialise(rng);
    }
  }

  protected blank(): NativeMlp {
    return new NativeMlp(this.options, false);
  }

  protected forward(batch: Batch, n: number, training: boolean): void {
    const d = this.dim;
    const input = this.tower.inputBuffer(n);
    if (this.batchBuffers !== undefined) {
      this.batchBuffers.gather(this.columns, batch.users, batch.items, n, input);
    } else {
      gatherRows(this.userEmbedding, batch.users, n, input, 2 * d, 0);
      gatherRows(this.itemEmbedding, batch.items, n, input, 2 * d, d);
    }
    const hidden = this.tower.forward(n, training);
    this.logits = ensureLength(this.logits, n);
    this.output.forward(hidden, n, this.logits);
    for (let r = 0; r < n; r++) this.yhat[r] = 1 / (1 + Math.exp(-this.logits[r]));
    this.hidden = hidden;
    this.users = batch.users;
    this.items = batch.items;
  }

  protected backpropagate(dz: Float32Array, n: number): void {
    const d = this.dim;
    this.towerGradient = ensureLength(this.towerGradient, n * this.tower.outputs);
    this.output.backward(this.hidden, dz, n, this.towerGradient);
    const inputGradient = this.tower.backward(this.towerGradient, n);
    if (this.batchBuffers !== undefined) {
      this.batchBuffers.scatterAdd(this.columns, this.users, this.items, n, inputGradient);
      return;
    }
    scatterAddRows(this.userEmbedding, this.users, n, inputGradient, 2 * d, 0);
    scatterAddRows(this.itemEmbedding, this.items, n, inputGradient, 2 * d, d);
  }
}
