/** A set of parameters that shares one learning rate and one ℓ2 coefficient (DE-Opt's layer). */
export interface LayerGroup {
  name: string;
  /** Number of trainable scalars in the group. */
  size: number;
}

/** Per-group settings of one update: W ← W − η(∂J/∂W + λW) (SGD; Adam/AMSGrad add λW to the gradient). */
export interface GroupSettings {
  learningRate: number;
  l2: number;
}

/** (user, item) pairs, row r = (users[r], items[r]); both arrays have the batch's length. */
export interface Batch {
  users: Int32Array;
  items: Int32Array;
}

/** A named parameter (or state) tensor, row-major, with the accumulated gradient for trainable ones. */
export interface ParameterTensor {
  readonly name: string;
  readonly shape: readonly number[];
  /** Index into `layerGroups`. */
  readonly group: number;
  readonly values: Float32Array;
  readonly gradient: Float32Array;
}

/**
 * A recommender's whole state (parameters, non-trainable state such as batch-norm statistics,
 * optimiser moments, dropout stream) as copied typed arrays: cheap to take and to restore.
 * Tensor names are shared by a model's native and tfjs implementations.
 */
export interface RecommenderSnapshot {
  model: string;
  tensors: Record<string, Float32Array>;
  /** The dropout stream's state, when the model has one. */
  rngState?: number[];
}

/**
 * A recommender: predicts ŷ for (user, item) pairs, back-propagates a given dL/dŷ (the loss
 * never enters model code), and updates each layer group with its own η and λ.
 */
export interface Recommender {
  /** Model id, e.g. `mf`, `mlp`, `neumf`. */
  readonly model: string;
  readonly layerGroups: readonly LayerGroup[];
  /**
   * ŷ ∈ (0, 1) per row. Training mode uses batch statistics (and updates the running ones) and
   * dropout. Keeps what `backward` needs, including the batch's arrays: do not change them before it.
   */
  predict(batch: Batch, training?: boolean): Float32Array;
  /** Adds ∂(Σ_r g_r ŷ_r)/∂W to each parameter's gradient, for g = lossGradient and the last `predict`. */
  backward(lossGradient: Float32Array): void;
  /**
   * Adds scale·θ to the accumulated gradient of every parameter (explicit ℓ2's 2λθ, which the
   * loss never sees): every row of a table, or only its rows since the last step when the
   * optimiser decays only those (`embeddingDecay: touched`), since only those are stepped.
   */
  addScaledParameters(scale: number): void;
  /** One optimiser step with the accumulated gradients (one settings entry per layer group), then clears them. */
  applyGradients(settings: readonly GroupSettings[]): void;
  zeroGradients(): void;
  /** The trainable tensors: views for native models (writing changes the model), copies for tfjs ones. */
  parameters(): readonly ParameterTensor[];
  clone(): Recommender;
  snapshot(): RecommenderSnapshot;
  restore(snapshot: RecommenderSnapshot): void;
  /** Releases backend memory (tfjs tensors; a native model's wasm arena goes to the next model of its size). The model is not used after. */
  dispose(): void;
}
export const Recommender = Symbol.for('recsearch.Recommender');

/** What a fresh recommender needs beyond its plugin options: the data's shape, a seed, the optimiser. */
export interface RecommenderShape {
  users: number;
  items: number;
  seed: number;
  /** Optimiser settings from the training section (kind, betas, clipping, …). */
  optimizer?: Record<string, unknown>;
}

/** What a model plugin provides: fresh, seeded recommenders for a dataset. */
export interface RecommenderFactory {
  readonly model: string;
  create(shape: RecommenderShape): Recommender;
}
export const RecommenderFactory = Symbol.for('recsearch.RecommenderFactory');
