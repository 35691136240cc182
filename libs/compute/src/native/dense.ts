import type { Rng } from '@recsearch/core';
import { gemm, gemmInArena, type Gemm, type GemmSpace } from './gemm';
import { fillUniform } from './init';
import type { TensorArena } from './arena';
import { ensureLength, NativeTensor } from './tensor';

/**
 * y = xW + b on row-major batches; W is (inputs × outputs) so the inner loops run along
 * contiguous rows. Without a bias (before batch norm, whose β subsumes it) b is a fixed 0.
 */
export class DenseLayer {
  readonly kernel: NativeTensor;
  readonly bias: NativeTensor;
  readonly tensors: NativeTensor[];
  private readonly hasBias: boolean;
  /** Whether the output gradient has few zeros (batch norm follows); a hint for the gemm. */
  denseGradient = false;
  /** Arena room for in-place products, when the layer's inputs and outputs live in its arena too. */
  space: GemmSpace | undefined;
  private transposedGradient: Float32Array = new Float32Array(0);

  /** In `arena` (planned with `DenseLayer.shapes`), the optimiser updates the tensors in place. */
  constructor(readonly name: string, readonly inputs: number, readonly outputs: number, group: number, withBias = true, private readonly arena?: TensorArena) {
    this.kernel = new NativeTensor(`${name}.kernel`, [inputs, outputs], group, false, arena);
    this.bias = new NativeTensor(`${name}.bias`, [outputs], group, false, arena);
    this.tensors = withBias ? [this.kernel, this.bias] : [this.kernel];
    this.hasBias = withBias;
  }

  /** Arena room for a layer's kernel and bias (see ArenaPlan.tensors). */
  static shapes(inputs: number, outputs: number): Array<{ size: number; rows: number }> {
    return [
      { size: inputs * outputs, rows: 0 },
      { size: outputs, rows: 0 },
    ];
  }

  /** PyTorch's Linear default: U(±1/√inputs) for weights and bias. */
  initialise(rng: Rng): void {
    const limit = 1 / Math.sqrt(this.inputs);
    fillUniform(rng, this.kernel.values, limit);
    if (this.hasBias) fillUniform(rng, this.bias.values, limit);
  }

  /** `inputHasZeros`: x comes from a ReLU or dropout (a hint for the gemm). */
  forward(x: Float32Array, n: number, y: Float32Array, inputHasZeros = true): void {
    const { inputs, outputs } = this;
    this.multiply(n, outputs, inputs, x, false, this.kernel.values, false, y, false, inputHasZeros);
    if (!this.hasBias) return;
    const b = this.bias.values;
    for (let r = 0; r < n; r++) {
      const row = r * outputs;
      for (let o = 0; o < outputs; o++) y[row + o] += b[o];
    }
  }

  /** Accumulates ∂W (= xᵀ·dy), ∂b and writes ∂x (= dy·Wᵀ, when asked) for the output gradient dy. */
  backward(x: Float32Array, dy: Float32Array, n: number, dx: Float32Array | null): void {
    const { inputs, outputs } = this;
    const kernels = this.multiply;
    if (this.hasBias) {
      const gb = this.bias.gradient;
      for (let r = 0; r < n; r++) {
        const row = r * outputs;
        for (let o = 0; o < outputs; o++) gb[o] += dy[row + o];
      }
    }
    const sparse = !this.denseGradient;
    if (!sparse) {
      kernels(inputs, outputs, n, x, true, dy, false, this.kernel.gradient, true, false);
      if (dx !== null) kernels(n, inputs, outputs, dy, false, this.kernel.values, true, dx, false, false);
      return;
    }
    // ∂Wᵀ = dyᵀ·x rather than ∂W = xᵀ·dy: the kernel skips zeros of its left operand, and dy
    // behind a ReLU (and dropout) is mostly zeros, while x (embeddings) may have none.
    const transposed = (this.transposedGradient = ensureLength(this.transposedGradient, inputs * outputs));
    kernels(outputs, inputs, n, dy, true, x, false, transposed, false, true);
    const gw = this.kernel.gradient;
    for (let o = 0; o < outputs; o++) {
      const row = o * inputs;
      for (let k = 0; k < inputs; k++) gw[k * outputs + o] += transposed[row + k];
    }
    if (dx !== null) kernels(n, inputs, outputs, dy, false, this.kernel.values, true, dx, false, true);
  }

  /** In place in the arena when every operand is there, else on the shared gemm. */
  private readonly multiply: Gemm = (m, n, depth, a, transposeA, b, transposeB, c, accumulate, skipZeros) => {
    const { arena, space } = this;
    if (arena !== undefined && space !== undefined && gemmInArena(arena, space, m, n, depth, a, transposeA, b, transposeB, c, accumulate, skipZeros)) return;
    gemm()(m, n, depth, a, transposeA, b, transposeB, c, accumulate, skipZeros);
  };
}
