import { fusedMultiplyAddEnabled, instantiateKernels, simdEnabled, wasmPageBytes, type NativeKernels, type WasmMemory } from './kernels';

/** Rounds a byte count up to whole f32x4 vectors. */
export const alignBytes = (bytes: number): number => (bytes + 15) & ~15;

/**
 * One process-wide wasm memory that kernels work in: a call copies its operands in, runs, and
 * copies its results out, so no state stays here between calls and models may interleave.
 * The copies are memcpy, far cheaper than the scalar loops they replace.
 */
export class Scratch {
  private heap: Float32Array;
  private words: Int32Array;

  constructor(
    private readonly memory: WasmMemory,
    readonly kernels: NativeKernels,
  ) {
    this.heap = new Float32Array(memory.buffer);
    this.words = new Int32Array(memory.buffer);
  }

  /** Makes the first `bytes` bytes usable (growing the memory, which moves the heap view). */
  reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) {
      this.memory.grow(Math.ceil((bytes - have) / wasmPageBytes));
      this.heap = new Float32Array(this.memory.buffer);
      this.words = new Int32Array(this.memory.buffer);
    }
  }

  setWord(at: number, value: number): void {
    this.words[at >> 2] = value;
  }

  /** Copies int32 `words` to byte offset `at` (a multiple of 4). */
  putWords(words: Int32Array, at: number): void {
    this.words.set(words, at >> 2);
  }

  /** Copies values[0, size) to byte offset `at`. */
  put(values: Float32Array, size: number, at: number): void {
    this.heap.set(values.length === size ? values : values.subarray(0, size), at >> 2);
  }

  /** Copies `size` floats at byte offset `at` into into[0, size). */
  take(at: number, size: number, into: Float32Array): void {
    const from = at >> 2;
    into.set(this.heap.subarray(from, from + size));
  }

  /** A view of `size` int32 words at byte offset `at` (a multiple of 4), valid until the next `reserve`. */
  wordView(at: number, size: number): Int32Array {
    return this.words.subarray(at >> 2, (at >> 2) + size);
  }

  /** A view of `size` floats at byte offset `at`, valid until the next `reserve`. */
  view(at: number, size: number): Float32Array {
    return this.heap.subarray(at >> 2, (at >> 2) + size);
  }
}

/** One scratch per kernel variant (plain or relaxed-SIMD gemms), made on first use. */
const shared = new Map<boolean, Scratch | null>();

/** The shared scratch, or undefined where wasm SIMD is unavailable or turned off. */
export function scratch(): Scratch | undefined {
  if (!simdEnabled()) return undefined;
  const fused = fusedMultiplyAddEnabled();
  let work = shared.get(fused);
  if (work === undefined) {
    const instance = instantiateKernels(4 * wasmPageBytes);
    work = instance === undefined ? null : new Scratch(instance.memory, instance.kernels);
    shared.set(fused, work);
  }
  return work ?? undefined;
}
