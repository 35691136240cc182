import { Rng, type Batch } from '@recsearch/core';
import { fillNormal } from './init';
import { NativeRecommender } from './native-recommender';
import { ArenaPlan, TensorArena } from './arena';
import type { OptimizerOptions } from './optimizer';
import { NativeTensor, type RowSet } from './tensor';

export interface MfOptions {
  users: number;
  items: number;
  /** Embedding size d (default 64). */
  dim?: number;
  /** Standard deviation of the N(0, σ) embedding init (default 0.01; the reference code uses 1). */
  embeddingStd?: number;
  /** Initial global bias b_g (default 0; the reference code uses 0.1). */
  globalBias?: number;
  seed?: number;
  optimizer?: OptimizerOptions;
}

export const mfLayerGroups = ['embeddings', 'biases'] as const;

/**
 * Biased MF: ŷ = σ(e_u·e_i + b_u + b_i + b_g). Tables, gradients and moments live in a wasm arena
 * and run on its SIMD kernels where the runtime has them, else on Float32Array loops.
 */
export class NativeMf extends NativeRecommender {
  readonly model = 'mf';
  readonly dim: number;
  readonly userEmbedding: NativeTensor;
  readonly itemEmbedding: NativeTensor;
  readonly userBias: NativeTensor;
  readonly itemBias: NativeTensor;
  readonly globalBias: NativeTensor;
  private users: Int32Array = new Int32Array(0);
  private items: Int32Array = new Int32Array(0);
  /** Batch buffers in the wasm arena; undefined on the plain-loop path. */
  private readonly chunk: MfChunk | undefined;

  constructor(readonly options: MfOptions, initialise = true) {
    const dim = options.dim ?? 64;
    const arena = TensorArena.create(mfArenaPlan(options.users, options.items, dim, options.optimizer));
    const tensors = [
      new NativeTensor('user.embedding', [options.users, dim], 0, true, arena),
      new NativeTensor('item.embedding', [options.items, dim], 0, true, arena),
      new NativeTensor('user.bias', [options.users, 1], 1, true, arena),
      new NativeTensor('item.bias', [options.items, 1], 1, true, arena),
      new NativeTensor('global.bias', [1], 1, false, arena),
    ];
    const rng = Rng.fromSeed(options.seed ?? 0);
    super(mfLayerGroups, tensors, {}, options.optimizer, rng);
    this.dim = dim;
    [this.userEmbedding, this.itemEmbedding, this.userBias, this.itemBias, this.globalBias] = tensors;
    this.chunk = arena === undefined ? undefined : new MfChunk(arena);
    if (initialise) {
      fillNormal(rng, this.userEmbedding.values, options.embeddingStd ?? 0.01);
      fillNormal(rng, this.itemEmbedding.values, options.embeddingStd ?? 0.01);
      this.globalBias.values[0] = options.globalBias ?? 0;
    }
  }

  protected blank(): NativeMf {
    return new NativeMf(this.options, false);
  }

  protected forward(batch: Batch, n: number): void {
    if (this.chunk !== undefined) {
      this.forwardSimd(batch, n, this.chunk);
      return;
    }
    const d = this.dim;
    const p = this.userEmbedding.values;
    const q = this.itemEmbedding.values;
    const bu = this.userBias.values;
    const bi = this.itemBias.values;
    const bg = this.globalBias.values[0];
    const yhat = this.yhat;
    const { users, items } = batch;
    const unrolled = d & ~3;
    for (let r = 0; r < n; r++) {
      const u = users[r];
      const i = items[r];
      const pu = u * d;
      const qi = i * d;
      // Four independent sums keep the adds from waiting on each other.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let k = 0;
      for (; k < unrolled; k += 4) {
        s0 += p[pu + k] * q[qi + k];
        s1 += p[pu + k + 1] * q[qi + k + 1];
        s2 += p[pu + k + 2] * q[qi + k + 2];
        s3 += p[pu + k + 3] * q[qi + k + 3];
      }
      for (; k < d; k++) s0 += p[pu + k] * q[qi + k];
      const logit = bu[u] + bi[i] + bg + (s0 + s1 + (s2 + s3));
      yhat[r] = 1 / (1 + Math.exp(-logit));
    }
    this.users = users;
    this.items = items;
  }

  protected backpropagate(dz: Float32Array, n: number): void {
    this.markRows(n);
    if (this.chunk !== undefined) {
      this.backpropagateSimd(dz, n, this.chunk);
      return;
    }
    const d = this.dim;
    const { userEmbedding, itemEmbedding, userBias, itemBias, users, items } = this;
    const p = userEmbedding.values;
    const q = itemEmbedding.values;
    const gp = userEmbedding.gradient;
    const gq = itemEmbedding.gradient;
    const gbu = userBias.gradient;
    const gbi = itemBias.gradient;
    let global = 0;
    for (let r = 0; r < n; r++) {
      const g = dz[r];
      const u = users[r];
      const i = items[r];
      const pu = u * d;
      const qi = i * d;
      for (let k = 0; k < d; k++) {
        const pk = p[pu + k];
        const qk = q[qi + k];
        gp[pu + k] += g * qk;
        gq[qi + k] += g * pk;
      }
      gbu[u] += g;
      gbi[i] += g;
      global += g;
    }
    this.globalBias.gradient[0] += global;
  }

  private markRows(n: number): void {
    const { users, items } = this;
    const touchedUsers = this.userEmbedding.touched as RowSet;
    const touchedItems = this.itemEmbedding.touched as RowSet;
    const touchedUserBiases = this.userBias.touched as RowSet;
    const touchedItemBiases = this.itemBias.touched as RowSet;
    for (let r = 0; r < n; r++) {
      touchedUsers.add(users[r]);
      touchedItems.add(items[r]);
      touchedUserBiases.add(users[r]);
      touchedItemBiases.add(items[r]);
    }
  }

  private forwardSimd(batch: Batch, n: number, chunk: MfChunk): void {
    const at = (values: Float32Array | Int32Array): number => values.byteOffset;
    const { userEmbedding, itemEmbedding, userBias, itemBias, yhat } = this;
    const bg = this.globalBias.values[0];
    for (let start = 0; start < n; start += MfChunk.rows) {
      const rows = chunk.load(batch.users, batch.items, start, n);
      const logits = chunk.values;
      chunk.kernels.mfLogits(
        at(chunk.users),
        at(chunk.items),
        rows,
        this.dim,
        at(userEmbedding.values),
        at(itemEmbedding.values),
        at(userBias.values),
        at(itemBias.values),
        bg,
        at(logits),
      );
      for (let r = 0; r < rows; r++) yhat[start + r] = 1 / (1 + Math.exp(-logits[r]));
    }
    this.users = batch.users;
    this.items = batch.items;
  }

  private backpropagateSimd(dz: Float32Array, n: number, chunk: MfChunk): void {
    const at = (values: Float32Array | Int32Array): number => values.byteOffset;
    const { userEmbedding, itemEmbedding, userBias, itemBias } = this;
    let global = 0;
    for (let start = 0; start < n; start += MfChunk.rows) {
      const rows = chunk.load(this.users, this.items, start, n);
      const gradient = chunk.values;
      for (let r = 0; r < rows; r++) {
        gradient[r] = dz[start + r];
        global += dz[start + r];
      }
      chunk.kernels.mfBackward(
        at(chunk.users),
        at(chunk.items),
        at(gradient),
        rows,
        this.dim,
        at(userEmbedding.values),
        at(itemEmbedding.values),
        at(userEmbedding.gradient),
        at(itemEmbedding.gradient),
        at(userBias.gradient),
        at(itemBias.gradient),
      );
    }
    this.globalBias.gradient[0] += global;
  }
}

/** Rows of a batch handed to the MF kernels at a time (a longer batch goes in chunks). */
class MfChunk {
  static readonly rows = 4096;
  readonly users: Int32Array;
  readonly items: Int32Array;
  /** Logits going out, dL/dz coming in. */
  readonly values: Float32Array;
  readonly kernels: TensorArena['kernels'];

  constructor(arena: TensorArena) {
    this.users = arena.ints(MfChunk.rows);
    this.items = arena.ints(MfChunk.rows);
    this.values = arena.floats(MfChunk.rows);
    this.kernels = arena.kernels;
  }

  static plan(plan: ArenaPlan): ArenaPlan {
    return plan.ints(MfChunk.rows).ints(MfChunk.rows).floats(MfChunk.rows);
  }

  /** Copies rows [start, start + chunk) of the batch in; returns how many. */
  load(users: Int32Array, items: Int32Array, start: number, n: number): number {
    const rows = Math.min(MfChunk.rows, n - start);
    for (let r = 0; r < rows; r++) {
      this.users[r] = users[start + r];
      this.items[r] = items[start + r];
    }
    return rows;
  }
}

/** Bytes of MF's arena: tables and gradients, optimiser moments, touched-row lists, batch buffers. */
function mfArenaPlan(users: number, items: number, dim: number, optimizer: OptimizerOptions | undefined): ArenaPlan {
  const tables = [
    { size: users * dim, rows: users },
    { size: items * dim, rows: items },
    { size: users, rows: users },
    { size: items, rows: items },
    { size: 1, rows: 0 },
  ];
  return MfChunk.plan(new ArenaPlan().tensors(tables, optimizer));
}
