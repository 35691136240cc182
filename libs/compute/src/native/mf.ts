import { Rng, type Batch } from '@recsearch/core';
import { fillNormal } from './init';
import { NativeRecommender } from './native-recommender';
import type { OptimizerOptions } from './optimizer';
import { NativeTensor } from './tensor';

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

/** Biased MF: ŷ = σ(e_u·e_i + b_u + b_i + b_g), on Float32Array loops. */
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

  constructor(readonly options: MfOptions, initialise = true) {
    const dim = options.dim ?? 64;
    const tensors = [
      new NativeTensor('user.embedding', [options.users, dim], 0, true),
      new NativeTensor('item.embedding', [options.items, dim], 0, true),
      new NativeTensor('user.bias', [options.users, 1], 1, true),
      new NativeTensor('item.bias', [options.items, 1], 1, true),
      new NativeTensor('global.bias', [1], 1),
    ];
    const rng = Rng.fromSeed(options.seed ?? 0);
    super(mfLayerGroups, tensors, {}, options.optimizer, rng);
    this.dim = dim;
    [this.userEmbedding, this.itemEmbedding, this.userBias, this.itemBias, this.globalBias] = tensors;
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
    const d = this.dim;
    const p = this.userEmbedding.values;
    const q = this.itemEmbedding.values;
    const bu = this.userBias.values;
    const bi = this.itemBias.values;
    const bg = this.globalBias.values[0];
    const yhat = this.yhat;
    for (let r = 0; r < n; r++) {
      const u = batch.users[r];
      const i = batch.items[r];
      const pu = u * d;
      const qi = i * d;
      let logit = bu[u] + bi[i] + bg;
      for (let k = 0; k < d; k++) logit += p[pu + k] * q[qi + k];
      yhat[r] = 1 / (1 + Math.exp(-logit));
    }
    this.users = batch.users;
    this.items = batch.items;
  }

  protected backpropagate(dz: Float32Array, n: number): void {
    const d = this.dim;
    const { userEmbedding, itemEmbedding, userBias, itemBias } = this;
    const p = userEmbedding.values;
    const q = itemEmbedding.values;
    const gp = userEmbedding.gradient;
    const gq = itemEmbedding.gradient;
    const gbu = userBias.gradient;
    const gbi = itemBias.gradient;
    let global = 0;
    for (let r = 0; r < n; r++) {
      const g = dz[r];
      const u = this.users[r];
      const i = this.items[r];
      const pu = u * d;
      const qi = i * d;
      for (let k = 0; k < d; k++) {
        gp[pu + k] += g * q[qi + k];
        gq[qi + k] += g * p[pu + k];
      }
      gbu[u] += g;
      gbi[i] += g;
      global += g;
      userEmbedding.markRow(u);
      itemEmbedding.markRow(i);
      userBias.markRow(u);
      itemBias.markRow(i);
    }
    this.globalBias.gradient[0] += global;
  }
}
