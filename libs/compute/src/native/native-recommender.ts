import {
  Rng,
  type Batch,
  type GroupSettings,
  type LayerGroup,
  type Recommender,
  type RecommenderSnapshot,
} from '@recsearch/core';
import { ModelStateError } from '../errors';
import { NativeOptimizer, type OptimizerOptions, type ResolvedOptimizerOptions } from './optimizer';
import type { NativeTensor } from './tensor';

/**
 * What every native model shares: its tensors and layer groups, the optimiser step, the dropout
 * stream, and snapshot/restore/clone by typed-array copies. Subclasses write forward and backward.
 */
export abstract class NativeRecommender implements Recommender {
  abstract readonly model: string;
  readonly layerGroups: LayerGroup[];
  protected readonly optimizer: NativeOptimizer;
  /** The ŷ of the last `predict`, which `backward` differentiates through. */
  protected yhat: Float32Array = new Float32Array(0);
  protected rows = -1;
  private disposed = false;

  protected constructor(
    groupNames: readonly string[],
    protected readonly tensors: readonly NativeTensor[],
    /** Non-trainable state (batch-norm statistics), snapshotted beside the parameters. */
    protected readonly state: Readonly<Record<string, Float32Array>>,
    optimizer: OptimizerOptions | undefined,
    protected readonly rng: Rng,
  ) {
    this.layerGroups = groupNames.map((name, group) => ({
      name,
      size: tensors.filter((tensor) => tensor.group === group).reduce((sum, tensor) => sum + tensor.size, 0),
    }));
    this.optimizer = new NativeOptimizer(optimizer ?? {}, tensors);
  }

  get optimizerOptions(): ResolvedOptimizerOptions {
    return this.optimizer.options;
  }

  /** The same model with the same options and zeroed parameters (no initialisation draws). */
  protected abstract blank(): NativeRecommender;
  protected abstract forward(batch: Batch, n: number, training: boolean): void;
  protected abstract backpropagate(outputGradient: Float32Array, n: number): void;

  predict(batch: Batch, training = false): Float32Array {
    this.checkLive();
    const n = batch.users.length;
    if (batch.items.length !== n) {
      throw new ModelStateError(this.model, `batch has ${n} users but ${batch.items.length} items`);
    }
    if (this.yhat.length < n) this.yhat = new Float32Array(Math.max(n, this.yhat.length * 2));
    this.forward(batch, n, training);
    this.rows = n;
    return this.yhat.slice(0, n);
  }

  backward(lossGradient: Float32Array): void {
    this.checkLive();
    if (this.rows < 0) throw new ModelStateError(this.model, 'backward() called before predict()');
    if (lossGradient.length < this.rows) {
      throw new ModelStateError(this.model, `loss gradient has ${lossGradient.length} rows, last batch had ${this.rows}`);
    }
    const yhat = this.yhat;
    const n = this.rows;
    // dL/dz = dL/dŷ · ŷ(1 − ŷ); written in place of ŷ's copy so no buffer is allocated.
    const outputGradient = this.outputGradientBuffer(n);
    for (let r = 0; r < n; r++) outputGradient[r] = lossGradient[r] * yhat[r] * (1 - yhat[r]);
    this.backpropagate(outputGradient, n);
  }

  private logitGradient: Float32Array = new Float32Array(0);
  private outputGradientBuffer(n: number): Float32Array {
    if (this.logitGradient.length < n) this.logitGradient = new Float32Array(Math.max(n, this.logitGradient.length * 2));
    return this.logitGradient;
  }

  addScaledParameters(scale: number): void {
    this.checkLive();
    const touchedOnly = this.optimizer.options.embeddingDecay === 'touched';
    for (const tensor of this.tensors) tensor.addScaledValues(scale, touchedOnly);
  }

  applyGradients(settings: readonly GroupSettings[]): void {
    this.checkLive();
    if (settings.length !== this.layerGroups.length) {
      throw new ModelStateError(
        this.model,
        `expected settings for ${this.layerGroups.length} layer groups (${this.layerGroups.map((g) => g.name).join(', ')}), got ${settings.length}`,
      );
    }
    this.optimizer.apply(this.tensors, settings);
  }

  zeroGradients(): void {
    for (const tensor of this.tensors) tensor.zeroGradient();
  }

  parameters(): readonly NativeTensor[] {
    return this.tensors;
  }

  snapshot(): RecommenderSnapshot {
    const tensors: Record<string, Float32Array> = {};
    for (const tensor of this.tensors) tensors[tensor.name] = tensor.values.slice();
    for (const [name, values] of Object.entries(this.state)) tensors[name] = values.slice();
    Object.assign(tensors, this.optimizer.state());
    return { model: this.model, tensors, rngState: this.rng.state() };
  }

  restore(snapshot: RecommenderSnapshot): void {
    if (snapshot.model !== this.model) {
      throw new ModelStateError(this.model, `cannot restore a snapshot of model '${snapshot.model}'`);
    }
    const take = (name: string, into: Float32Array): void => {
      const saved = snapshot.tensors[name];
      if (saved === undefined) throw new ModelStateError(this.model, `snapshot lacks tensor '${name}'`);
      if (saved.length !== into.length) {
        throw new ModelStateError(this.model, `snapshot tensor '${name}' has ${saved.length} values, expected ${into.length}`);
      }
      into.set(saved);
    };
    for (const tensor of this.tensors) take(tensor.name, tensor.values);
    for (const [name, values] of Object.entries(this.state)) take(name, values);
    this.optimizer.setState(snapshot.tensors);
    if (snapshot.rngState !== undefined) this.rng.setState(snapshot.rngState);
    this.zeroGradients();
    this.rows = -1;
  }

  clone(): NativeRecommender {
    this.checkLive();
    const copy = this.blank();
    this.tensors.forEach((tensor, index) => copy.tensors[index].values.set(tensor.values));
    for (const [name, values] of Object.entries(this.state)) copy.state[name].set(values);
    copy.optimizer.copyFrom(this.optimizer);
    copy.rng.setState(this.rng.state());
    return copy;
  }

  /**
   * Hands the model's wasm arena (if any) on to the next model of its size, whose arrays it then
   * holds, so the model refuses further use; the rest is the garbage collector's.
   */
  dispose(): void {
    this.disposed = true;
    this.tensors.find((tensor) => tensor.arena !== undefined)?.arena?.release();
  }

  private checkLive(): void {
    if (this.disposed) throw new ModelStateError(this.model, 'used after dispose()');
  }
}
