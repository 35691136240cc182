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
import { fingerprintDistance, maxNorm, probeBatch, type OperatorTable } from '@recsearch/expr';
import { freshModel, resolveLoss, type TrainingSetup } from '@recsearch/training';
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
  gradient: number[];
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
  private readonly probe: (lossGradientOf: (yhat: Float32Array, y: Float32Array) => Float32Array) => Float32Array;

  constructor(
    private readonly options: ProxyTestOptions,
    private readonly table: OperatorTable,
    setup: TrainingSetup | undefined,
    rng: Rng,
    bus: EventBus,
  ) {
    this.probe = options.probe === 'model' ? modelProbe(options, setup, rng) : predictionProbe(options, rng);
    bus.on('proxy-test', ofType(candidateEvaluated), ({ payload }) => {
      const remembered = this.memory.find((entry) => entry.candidateId === payload.candidate.id);
      if (remembered) remembered.reward = payload.verdict.reward;
    });
  }

  evaluate(candidate: Candidate): Verdict {
    if (candidate.kind !== 'expression') throw new RecsearchError('the proxy test takes loss expressions');
    const same = candidate.key === undefined ? undefined : this.memory.find((entry) => entry.key === candidate.key && entry.reward !== null);
    if (same) return { pass: false, reward: same.reward as number, reason: `same canonical key as ${same.candidateId}`, metrics: {} };
    const loss = resolveLoss(candidate.expression, { eps: this.options.eps }, this.table);
    const gradient = this.probe((yhat, y) => {
      const lossOut = new Float32Array(yhat.length);
      const gradientOut = new Float32Array(yhat.length);
      loss.gradient(yhat, y, yhat.length, lossOut, gradientOut);
      return gradientOut;
    });
    const norm = maxNorm(gradient);
    const metrics = { gradientNorm: Number.isNaN(norm) ? -1 : norm };
    if (!(norm >= this.options.delta)) {
      return { pass: false, reward: this.options.zeroGradientReward, reason: Number.isNaN(norm) ? 'gradient is not finite' : 'zero gradient', metrics };
    }
    const twin = this.memory.find((entry) => entry.reward !== null && fingerprintDistance(entry.gradient, gradient) < this.options.delta);
    if (twin) return { pass: false, reward: twin.reward as number, reason: `gradient duplicate of ${twin.candidateId}`, metrics };
    this.memory.push({ candidateId: candidate.id, key: candidate.key, gradient: Array.from(gradient), reward: null });
    return { pass: true, reward: 0, metrics };
  }

  snapshot(): Json {
    return { memory: this.memory as unknown as Json };
  }

  restore(snapshot: Json): void {
    this.memory = (snapshot as unknown as { memory: Remembered[] }).memory;
  }
}

function modelProbe(options: ProxyTestOptions, setup: TrainingSetup | undefined, rng: Rng) {
  if (!setup) throw new RecsearchError('the proxy test with probe "model" needs the run\'s dataset and model (config sections dataset and model)');
  const { train } = setup.data.split;
  const rows = Int32Array.from({ length: options.batchSize }, () => rng.int(0, train.users.length - 1));
  const batch = { users: rows.map((row) => train.users[row]), items: rows.map((row) => train.items[row]) };
  const labels = Float32Array.from(rows, (row) => train.ratings[row]);
  const probe = new ProbeGradient(freshModel(setup), batch);
  return (lossGradientOf: (yhat: Float32Array, y: Float32Array) => Float32Array) => probe.of(lossGradientOf(probe.yhat, labels));
}

function predictionProbe(options: ProxyTestOptions, rng: Rng) {
  const batch = probeBatch({ size: options.batchSize, seed: rng.int(0, 2 ** 31 - 1) });
  const yhat = Float32Array.from(batch.yhat);
  const y = Float32Array.from(batch.y);
  return (lossGradientOf: (yhat: Float32Array, y: Float32Array) => Float32Array) => lossGradientOf(yhat, y).map((value) => value / yhat.length);
}
