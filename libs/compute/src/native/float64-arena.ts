import { instantiateKernels, wasmPageBytes, type NativeKernels, type WasmMemory } from './wasm/kernels';

/**
 * Float64 arrays in a wasm memory and the one product the float64 code here needs on SIMD:
 * `addScaledRows`. Arrays are addressed by element offsets from `allocate`; `values` is the
 * current view (growing the memory replaces it).
 */
export class Float64Arena {
  private view: Float64Array;
  private used = 0;

  private constructor(
    private readonly memory: WasmMemory,
    private readonly kernels: NativeKernels,
  ) {
    this.view = new Float64Array(memory.buffer);
  }

  /** A fresh arena, or undefined where wasm SIMD is unavailable or turned off. */
  static create(): Float64Arena | undefined {
    const instance = instantiateKernels(wasmPageBytes);
    return instance === undefined ? undefined : new Float64Arena(instance.memory, instance.kernels);
  }

  get values(): Float64Array {
    return this.view;
  }

  /** Room for `length` values (two-value aligned); returns its element offset. */
  allocate(length: number): number {
    const at = this.used;
    this.used += length + (length & 1);
    const bytes = this.used * 8;
    const have = this.memory.buffer.byteLength;
    if (bytes > have) {
      this.memory.grow(Math.ceil((bytes - have) / wasmPageBytes));
      this.view = new Float64Array(this.memory.buffer);
    }
    return at;
  }

  /**
   * out[k] += Σ_{i < count} s[i·sStride] · v[i·vStride + k] for k < width (offsets and strides
   * in elements), each out[k] summing its products in order of i, multiply then add: the same
   * values, to the bit, as that loop in JS.
   */
  addScaledRows(s: number, sStride: number, v: number, vStride: number, count: number, out: number, width: number): void {
    this.kernels.addScaledRows(s * 8, sStride * 8, v * 8, vStride * 8, count, out * 8, width);
  }
}
