import {
  candidateEvaluated,
  ofType,
  RecsearchError,
  type Candidate,
  type EventBus,
  type Evaluator,
  type Json,
  type Rng,
  type Verdict,
} from '@recsearch/core';
import { derivativesInYhat, fingerprintWithin, maxNorm, probeBatch, type OperatorTable } from '@recsearch/expr';
import { freshModel, type TrainingSetup } from '@recsearch/training';
import { ProbeGradient } from './probe-gradient';

export interface ProxyTestOptions {
  /** |B|: rows of the fixed probe batch (the paper: 5 for ML-100K, 20 for larger sets). */
  batchSize: number;
  /** δ: ∞-norms below it are zero; gradients closer than it are duplicates. */
  delta: number;
  /** Reward of a zero-gradient loss. */
  zeroGradientReward: number;
  /** `model`: ∇ω on a fixed model and training batch (paper); `predictions`: ∂/∂ŷ on U(0.1, 0.9) predictions with U(0, 1) labels (reference code). */
  probe: 'model' | 'predictions';
  /** Value of `eps` in candidate losses. */
  eps: number;
}

interface Remembered {
  candidateId: string;
  key?: string;
  gradient: ArrayLike<number>;
  reward: number | null;
}

/**
 * Rejects losses before any training: a loss whose gradient on the probe is (near) zero gets
 * a fixed negative reward; one whose gradient equals an earlier loss's (or whose canonical key
 * does) gets that loss's reward. Rewards of the losses it lets through are learnt from the
 * bus (`candidate.evaluated`), whatever later stage decides them.
 */
export class ProxyTest implements Evaluator {
  readonly accepts = ['expression'] as const;
  private memory: Remembered[] = [];
  /** Remembered gradients by ⌊g[k]/δ⌋ of one entry k: a duplicate is in its bucket or a neighbour. */
  private buckets = new Map<number, Remembered[]>();
  private readonly byKey = new Map<string, Remembered>();
  private readonly byId = new Map<string, Remembered>();
  private readonly probe: Probe;

  constructor(
    private readonly options: ProxyTestOptions,
    private readonly table: OperatorTable,
    setup: TrainingSetup | undefined,
    rng: Rng,
    bus: EventBus,
  ) {
    this.probe = options.probe === 'model' ? modelProbe(options, setup, rng) : predictionProbe(options, rng);
    bus.on('proxy-test', ofType(candidateEvaluated), ({ payload }) => {
      const remembered = this.byId.get(payload.candidate.id);
      if (remembered) remembered.reward = payload.verdict.reward;
    });
  }

  evaluate(candidate: Candidate): Verdict {
    if (candidate.kind !== 'expression') throw new RecsearchError('the proxy test takes loss expressions');
    const same = candidate.key === undefined ? undefined : this.byKey.get(candidate.key);
    if (same && same.reward !== null) return { pass: false, reward: same.reward, reason: `same canonical key as ${same.candidateId}`, metrics: {} };
    const expr = this.table.parse(candidate.expression);
    const parameters = { eps: this.options.eps, ...candidate.parameters };
    // Five rows: interpreting beats generating and compiling code for each loss.
    const gradient = this.probe.gradient((yhat, y) => derivativesInYhat(expr, yhat, y, parameters));
    const norm = maxNorm(gradient);
    const metrics = { gradientNorm: Number.isNaN(norm) ? -1 : norm };
    if (!(norm >= this.options.delta)) {
      return { pass: false, reward: this.options.zeroGradientReward, reason: Number.isNaN(norm) ? 'gradient is not finite' : 'zero gradient', metrics };
    }
    const twin = this.findTwin(gradient);
    if (twin) return { pass: false, reward: twin.reward as number, reason: `gradient duplicate of ${twin.candidateId}`, metrics };
    // The probe reuses its output buffer: keep a copy.
    this.remember({ candidateId: candidate.id, key: candidate.key, gradient: gradient.slice(), reward: null });
    return { pass: true, reward: 0, metrics };
  }

  private bucketOf(gradient: ArrayLike<number>): number {
    return Math.floor(gradient[this.probe.bucketEntry] / this.options.delta);
  }

  private findTwin(gradient: Float32Array): Remembered | undefined {
    const bucket = this.bucketOf(gradient);
    for (let near = bucket - 1; near <= bucket + 1; near++) {
      const entries = this.buckets.get(near);
      if (!entries) continue;
      for (const entry of entries) if (entry.reward !== null && fingerprintWithin(entry.gradient, gradient, this.options.delta)) return entry;
    }
    return undefined;
  }

  private remember(entry: Remembered): void {
    this.memory.push(entry);
    this.byId.set(entry.candidateId, entry);
    if (entry.key !== undefined && !this.byKey.has(entry.key)) this.byKey.set(entry.key, entry);
    const bucket = this.bucketOf(entry.gradient);
    const neighbours = this.buckets.get(bucket);
    if (neighbours) neighbours.push(entry);
    else this.buckets.set(bucket, [entry]);
  }

  snapshot(): Json {
    return { memory: this.memory.map((entry) => ({ ...entry, gradient: Array.from(entry.gradient) })) as unknown as Json };
  }

  restore(snapshot: Json): void {
    this.memory = [];
    this.buckets = new Map();
    this.byKey.clear();
    this.byId.clear();
    for (const entry of (snapshot as unknown as { memory: Remembered[] }).memory) this.remember(entry);
  }
}

/** dL/dŷ per probe row, for the probe's predictions and labels (rounded to float32 by the probe). */
type LossGradientOn = (yhat: Float32Array, y: Float32Array) => ArrayLike<number>;

/** Gradient of a loss on the fixed probe, and the entry its memory is bucketed by. */
interface Probe {
  /** Into a buffer the probe reuses: valid until the next call. */
  gradient(lossGradientOn: LossGradientOn): Float32Array;
  bucketEntry: number;
}

function modelProbe(options: ProxyTestOptions, setup: TrainingSetup | undefined, rng: Rng): Probe {
  if (!setup) throw new RecsearchError('the proxy test with probe "model" needs the run\'s dataset and model (config sections dataset and model)');
  const { train } = setup.data.split;
  const rows = Int32Array.from({ length: options.batchSize }, () => rng.int(0, train.users.length - 1));
  const batch = { users: rows.map((row) => train.users[row]), items: rows.map((row) => train.items[row]) };
  const labels = Float32Array.from(rows, (row) => train.ratings[row]);
  const probe = new ProbeGradient(freshModel(setup), batch);
  const out = new Float32Array(probe.size);
  return { gradient: (lossGradientOn) => probe.of(lossGradientOn(probe.yhat, labels), out), bucketEntry: probe.widestEntry() };
}

function predictionProbe(options: ProxyTestOptions, rng: Rng): Probe {
  const batch = probeBatch({ size: options.batchSize, seed: rng.int(0, 2 ** 31 - 1) });
  const yhat = Float32Array.from(batch.yhat);
  const y = Float32Array.from(batch.y);
  const out = new Float32Array(yhat.length);
  return {
    gradient: (lossGradientOn) => {
      const lossGradient = lossGradientOn(yhat, y);
      for (let r = 0; r < out.length; r++) out[r] = Math.fround(lossGradient[r]) / yhat.length;
      return out;
    },
    bucketEntry: 0,
  };
}
