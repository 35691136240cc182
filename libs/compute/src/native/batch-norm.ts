import { batchNormBackward, batchStatistics, normalise } from './layer-kernels';
import type { ArenaPlan, TensorArena } from './arena';
import { BatchBuffer, NativeTensor } from './tensor';

/**
 * Batch normalisation over the batch axis (PyTorch BatchNorm1d: biased variance to normalise,
 * unbiased for the running estimate, momentum 0.1, ε 1e-5). Evaluation uses the running statistics.
 */
export class BatchNorm {
  static readonly momentum = 0.1;
  static readonly epsilon = 1e-5;
  readonly gamma: NativeTensor;
  readonly beta: NativeTensor;
  readonly runningMean: Float32Array;
  readonly runningVariance: Float32Array;
  private readonly normalised: BatchBuffer;
  /** x̂ of the last forward pass. */
  private xhat: Float32Array = new Float32Array(0);
  /** The arena its kernels run in place in (when its arrays live there). */
  private readonly home: TensorArena | undefined;
  private readonly inverseStd: Float64Array;
  private readonly mean: Float64Array;
  private readonly sumA: Float64Array;
  private readonly sumB: Float64Array;
  private readonly scale: Float64Array;
  /** Float32 per-column arrays handed to the SIMD kernels. */
  private readonly columns: Record<'mean' | 'variance' | 'inverseStd' | 'scale' | 'sumDy' | 'sumDyXhat', Float32Array>;
  private training = false;

  /**
   * In `arena`, γ and β live there; with `rows` too, so do the arrays its kernels work on, for
   * batches of up to that many rows (planned with `BatchNorm.plan`).
   */
  constructor(readonly name: string, readonly width: number, group: number, arena?: TensorArena, rows = 0) {
    this.gamma = new NativeTensor(`${name}.gamma`, [width], group, false, arena);
    this.beta = new NativeTensor(`${name}.beta`, [width], group, false, arena);
    this.gamma.values.fill(1);
    this.runningMean = new Float32Array(width);
    this.runningVariance = new Float32Array(width).fill(1);
    this.inverseStd = new Float64Array(width);
    this.mean = new Float64Array(width);
    this.sumA = new Float64Array(width);
    this.sumB = new Float64Array(width);
    this.scale = new Float64Array(width);
    this.home = rows > 0 ? arena : undefined;
    const column = (): Float32Array => this.home?.floats(width) ?? new Float32Array(width);
    this.columns = { mean: column(), variance: column(), inverseStd: column(), scale: column(), sumDy: column(), sumDyXhat: column() };
    this.normalised = new BatchBuffer(width, this.home?.floats(rows * width));
  }

  /** Arena room for the arrays of a batch norm made with `rows` (see the constructor). */
  static plan(plan: ArenaPlan, width: number, rows: number): ArenaPlan {
    for (let column = 0; column < 6; column++) plan.floats(width);
    return plan.floats(rows * width);
  }

  /** Names and arrays of the non-trainable state. */
  state(): Record<string, Float32Array> {
    return { [`${this.name}.runningMean`]: this.runningMean, [`${this.name}.runningVariance`]: this.runningVariance };
  }

  forward(x: Float32Array, n: number, y: Float32Array, training: boolean): void {
    const w = this.width;
    const xhat = (this.xhat = this.normalised.forRows(n));
    const { mean, inverseStd, runningMean, runningVariance, columns, home } = this;
    this.training = training;
    if (training) {
      const variance = this.sumA;
      if (batchStatistics(x, n, w, columns.mean, columns.variance, home)) {
        for (let j = 0; j < w; j++) {
          mean[j] = columns.mean[j];
          variance[j] = columns.variance[j];
        }
      } else {
        this.statistics(x, n, variance);
      }
      const m = BatchNorm.momentum;
      for (let j = 0; j < w; j++) {
        const biased = variance[j];
        inverseStd[j] = 1 / Math.sqrt(biased + BatchNorm.epsilon);
        runningMean[j] = (1 - m) * runningMean[j] + m * mean[j];
        const unbiased = n > 1 ? (biased * n) / (n - 1) : biased;
        runningVariance[j] = (1 - m) * runningVariance[j] + m * unbiased;
      }
    } else {
      for (let j = 0; j < w; j++) {
        mean[j] = runningMean[j];
        inverseStd[j] = 1 / Math.sqrt(runningVariance[j] + BatchNorm.epsilon);
      }
    }
    const gamma = this.gamma.values;
    const beta = this.beta.values;
    for (let j = 0; j < w; j++) {
      columns.mean[j] = mean[j];
      columns.inverseStd[j] = inverseStd[j];
    }
    if (normalise(x, n, w, { mean: columns.mean, inverseStd: columns.inverseStd, gamma, beta }, xhat, y, home)) return;
    for (let r = 0; r < n; r++) {
      const row = r * w;
      for (let j = 0; j < w; j++) {
        const k = row + j;
        const normal = (x[k] - mean[j]) * inverseStd[j];
        xhat[k] = normal;
        y[k] = gamma[j] * normal + beta[j];
      }
    }
  }

  /** Column means into `mean` and biased variances into `variance`, two passes in float64. */
  private statistics(x: Float32Array, n: number, variance: Float64Array): void {
    const w = this.width;
    const mean = this.mean;
    mean.fill(0);
    variance.fill(0);
    for (let r = 0; r < n; r++) {
      const row = r * w;
      for (let j = 0; j < w; j++) mean[j] += x[row + j];
    }
    for (let j = 0; j < w; j++) mean[j] /= n;
    for (let r = 0; r < n; r++) {
      const row = r * w;
      for (let j = 0; j < w; j++) {
        const centred = x[row + j] - mean[j];
        variance[j] += centred * centred;
      }
    }
    for (let j = 0; j < w; j++) variance[j] /= n;
  }

  backward(dy: Float32Array, n: number, dx: Float32Array): void {
    const w = this.width;
    const xhat = this.xhat;
    const gamma = this.gamma.values;
    const inverseStd = this.inverseStd;
    const betaGradient = this.beta.gradient;
    const gammaGradient = this.gamma.gradient;
    const scale = this.scale;
    const columns = this.columns;
    if (this.training) {
      for (let j = 0; j < w; j++) columns.scale[j] = (gamma[j] * inverseStd[j]) / n;
      if (batchNormBackward(dy, xhat, n, w, columns.scale, columns, dx, this.home)) {
        for (let j = 0; j < w; j++) {
          betaGradient[j] += columns.sumDy[j];
          gammaGradient[j] += columns.sumDyXhat[j];
        }
        return;
      }
    }
    const sumDy = this.sumA.fill(0);
    const sumDyXhat = this.sumB.fill(0);
    for (let r = 0; r < n; r++) {
      const row = r * w;
      for (let j = 0; j < w; j++) {
        const g = dy[row + j];
        sumDy[j] += g;
        sumDyXhat[j] += g * xhat[row + j];
      }
    }
    for (let j = 0; j < w; j++) {
      betaGradient[j] += sumDy[j];
      gammaGradient[j] += sumDyXhat[j];
    }
    if (!this.training) {
      for (let j = 0; j < w; j++) scale[j] = gamma[j] * inverseStd[j];
      for (let r = 0; r < n; r++) {
        const row = r * w;
        for (let j = 0; j < w; j++) dx[row + j] = scale[j] * dy[row + j];
      }
      return;
    }
    // Training mode: the batch mean and variance depend on x too.
    for (let j = 0; j < w; j++) scale[j] = (gamma[j] * inverseStd[j]) / n;
    for (let r = 0; r < n; r++) {
      const row = r * w;
      for (let j = 0; j < w; j++) {
        const k = row + j;
        dx[k] = scale[j] * (n * dy[k] - sumDy[j] - xhat[k] * sumDyXhat[j]);
      }
    }
  }
}
