import type { Rng } from '@recsearch/core';
import { fillUniform } from './init';
import { NativeTensor } from './tensor';

/**
 * y = xW + b on row-major batches; W is (inputs × outputs) so the inner loops run along
 * contiguous rows. Without a bias (before batch norm, whose β subsumes it) b is a fixed 0.
 */
export class DenseLayer {
  readonly kernel: NativeTensor;
  readonly bias: NativeTensor;
  readonly tensors: NativeTensor[];

  constructor(readonly name: string, readonly inputs: number, readonly outputs: number, group: number, withBias = true) {
    this.kernel = new NativeTensor(`${name}.kernel`, [inputs, outputs], group);
    this.bias = new NativeTensor(`${name}.bias`, [outputs], group);
    this.tensors = withBias ? [this.kernel, this.bias] : [this.kernel];
  }

  /** PyTorch's Linear default: U(±1/√inputs) for weights and bias. */
  initialise(rng: Rng): void {
    const limit = 1 / Math.sqrt(this.inputs);
    fillUniform(rng, this.kernel.values, limit);
    if (this.tensors.includes(this.bias)) fillUniform(rng, this.bias.values, limit);
  }

  forward(x: Float32Array, n: number, y: Float32Array): void {
    const { inputs, outputs } = this;
    const w = this.kernel.values;
    const b = this.bias.values;
    for (let r = 0; r < n; r++) {
      const yr = r * outputs;
      const xr = r * inputs;
      for (let o = 0; o < outputs; o++) y[yr + o] = b[o];
      for (let k = 0; k < inputs; k++) {
        const xv = x[xr + k];
        if (xv === 0) continue;
        const wk = k * outputs;
        for (let o = 0; o < outputs; o++) y[yr + o] += xv * w[wk + o];
      }
    }
  }

  /** Accumulates ∂W, ∂b and writes ∂x (when asked) for the output gradient dy. */
  backward(x: Float32Array, dy: Float32Array, n: number, dx: Float32Array | null): void {
    const { inputs, outputs } = this;
    const w = this.kernel.values;
    const gw = this.kernel.gradient;
    const gb = this.bias.gradient;
    for (let r = 0; r < n; r++) {
      const yr = r * outputs;
      const xr = r * inputs;
      for (let o = 0; o < outputs; o++) gb[o] += dy[yr + o];
      for (let k = 0; k < inputs; k++) {
        const xv = x[xr + k];
        const wk = k * outputs;
        let sum = 0;
        for (let o = 0; o < outputs; o++) {
          const g = dy[yr + o];
          gw[wk + o] += xv * g;
          sum += w[wk + o] * g;
        }
        if (dx !== null) dx[xr + k] = sum;
      }
    }
  }
}
