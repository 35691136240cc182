import { NativeTensor } from './tensor';

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
  private normalised: Float32Array = new Float32Array(0);
  private readonly inverseStd: Float64Array;
  private readonly mean: Float64Array;
  private readonly sumA: Float64Array;
  private readonly sumB: Float64Array;
  private training = false;

  constructor(readonly name: string, readonly width: number, group: number) {
    this.gamma = new NativeTensor(`${name}.gamma`, [width], group);
    this.beta = new NativeTensor(`${name}.beta`, [width], group);
    this.gamma.values.fill(1);
    this.runningMean = new Float32Array(width);
    this.runningVariance = new Float32Array(width).fill(1);
    this.inverseStd = new Float64Array(width);
    this.mean = new Float64Array(width);
    this.sumA = new Float64Array(width);
    this.sumB = new Float64Array(width);
  }

  /** Names and arrays of the non-trainable state. */
  state(): Record<string, Float32Array> {
    return { [`${this.name}.runningMean`]: this.runningMean, [`${this.name}.runningVariance`]: this.runningVariance };
  }

  forward(x: Float32Array, n: number, y: Float32Array, training: boolean): void {
    const w = this.width;
    if (this.normalised.length < n * w) this.normalised = new Float32Array(Math.max(n * w, this.normalised.length * 2));
    const xhat = this.normalised;
    const { mean, inverseStd } = this;
    this.training = training;
    if (training) {
      mean.fill(0);
      for (let r = 0; r < n; r++) for (let j = 0; j < w; j++) mean[j] += x[r * w + j];
      for (let j = 0; j < w; j++) mean[j] /= n;
      const variance = this.sumA.fill(0);
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < w; j++) {
          const centred = x[r * w + j] - mean[j];
          variance[j] += centred * centred;
        }
      }
      const m = BatchNorm.momentum;
      for (let j = 0; j < w; j++) {
        const biased = variance[j] / n;
        inverseStd[j] = 1 / Math.sqrt(biased + BatchNorm.epsilon);
        this.runningMean[j] = (1 - m) * this.runningMean[j] + m * mean[j];
        const unbiased = n > 1 ? variance[j] / (n - 1) : biased;
        this.runningVariance[j] = (1 - m) * this.runningVariance[j] + m * unbiased;
      }
    } else {
      for (let j = 0; j < w; j++) {
        mean[j] = this.runningMean[j];
        inverseStd[j] = 1 / Math.sqrt(this.runningVariance[j] + BatchNorm.epsilon);
      }
    }
    const gamma = this.gamma.values;
    const beta = this.beta.values;
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < w; j++) {
        const k = r * w + j;
        const normal = (x[k] - mean[j]) * inverseStd[j];
        xhat[k] = normal;
        y[k] = gamma[j] * normal + beta[j];
      }
    }
  }

  backward(dy: Float32Array, n: number, dx: Float32Array): void {
    const w = this.width;
    const xhat = this.normalised;
    const gamma = this.gamma.values;
    const sumDy = this.sumA.fill(0);
    const sumDyXhat = this.sumB.fill(0);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < w; j++) {
        const k = r * w + j;
        sumDy[j] += dy[k];
        sumDyXhat[j] += dy[k] * xhat[k];
      }
    }
    for (let j = 0; j < w; j++) {
      this.beta.gradient[j] += sumDy[j];
      this.gamma.gradient[j] += sumDyXhat[j];
    }
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < w; j++) {
        const k = r * w + j;
        const scale = gamma[j] * this.inverseStd[j];
        // Training mode: the batch mean and variance depend on x too.
        dx[k] = this.training ? (scale / n) * (n * dy[k] - sumDy[j] - xhat[k] * sumDyXhat[j]) : scale * dy[k];
      }
    }
  }
}
