import { setFlagsFromString } from 'node:v8';
import { nativeKernelsBase64, nativeKernelsRelaxedBase64 } from './kernels-binary';

/** C = (accumulate ? C : 0) + A·B; A(i, k) at a + i·aRowStride + k·aDepthStride; `list` is scratch. */
type GemmKernel = (
  a: number,
  aRowStride: number,
  aDepthStride: number,
  b: number,
  c: number,
  m: number,
  depth: number,
  n: number,
  accumulate: number,
  list: number,
) => void;

/** The kernels of tools/scripts/build-native-wasm.ts (pointers in bytes, sizes in elements). */
export interface NativeKernels {
  gemm: GemmKernel;
  gemmDense: GemmKernel;
  gemmPairs: GemmKernel;
  transpose(source: number, target: number, rows: number, columns: number): void;
  mfLogits(users: number, items: number, n: number, d: number, p: number, q: number, userBias: number, itemBias: number, globalBias: number, logits: number): void;
  mfBackward(users: number, items: number, dz: number, n: number, d: number, p: number, q: number, gp: number, gq: number, gUserBias: number, gItemBias: number): void;
  sgdRows(w: number, g: number, rows: number, count: number, width: number, rate: number, l2: number): void;
  adamRows(
    w: number,
    g: number,
    m: number,
    v: number,
    rows: number,
    count: number,
    width: number,
    /** η / (1 − β₁ᵗ). */
    stepSize: number,
    l2: number,
    beta1: number,
    /** 1 − β₁, computed in float64. */
    keep1: number,
    beta2: number,
    keep2: number,
    /** 1 / (1 − β₂ᵗ). */
    inverseCorrection2: number,
    epsilon: number,
  ): void;
  bnStats(x: number, n: number, w: number, mean: number, variance: number): void;
  bnNormalize(x: number, xhat: number, y: number, n: number, w: number, mean: number, inverseStd: number, gamma: number, beta: number): void;
  reluDropout(linear: number, mask: number, output: number, size: number): void;
  reluDropoutGradient(linear: number, mask: number, dy: number, g: number, size: number): void;
  gatherRows(table: number, indices: number, n: number, width: number, matrix: number, stride: number, offset: number): void;
  scatterAddRows(table: number, indices: number, n: number, width: number, matrix: number, stride: number, offset: number): void;
  /** `jump`: the generator's jump table (see dropout-wasm.ts), read when count ≥ 2 segments. */
  dropoutMask(state: number, mask: number, count: number, threshold: number, keep: number, jump: number): void;
  bnBackward(dy: number, xhat: number, dx: number, n: number, w: number, scale: number, sumDy: number, sumDyXhat: number): void;
  /** out[k] += Σ_i s_i·v_i[k] in f64 (strides in bytes), each sum in order of i. */
  addScaledRows(s: number, sStride: number, v: number, vStride: number, count: number, out: number, width: number): void;
}

/** The part of the WebAssembly API used here (the project's `lib` has no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

export const wasmPageBytes = 65536;

let compiled: object | null | undefined;
let compiledRelaxed: object | null | undefined;
let enabled = process.env['RECSEARCH_NATIVE_SIMD'] !== '0';
let fusedWanted = process.env['RECSEARCH_NATIVE_FMA'] !== '0';

function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

function kernelModule(): object | null {
  if (compiled === undefined) {
    const wasm = wasmApi();
    const bytes = Uint8Array.from(Buffer.from(nativeKernelsBase64, 'base64'));
    // A runtime without SIMD rejects the module; the plain loops serve instead.
    compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return compiled;
}

/**
 * The kernels with relaxed-SIMD multiply-adds in the gemms, or null where the runtime lacks
 * relaxed SIMD. Node 20's V8 has it only behind a flag, which takes effect for modules compiled
 * after it is set; later runtimes validate the module without it.
 */
function relaxedKernelModule(): object | null {
  if (compiledRelaxed === undefined) compiledRelaxed = compileRelaxed();
  return compiledRelaxed;
}

function compileRelaxed(): object | null {
  const wasm = wasmApi();
  if (wasm === undefined || kernelModule() === null) return null;
  const bytes = Uint8Array.from(Buffer.from(nativeKernelsRelaxedBase64, 'base64'));
  let valid = wasm.validate(bytes);
  if (!valid) {
    try {
      setFlagsFromString('--experimental-wasm-relaxed-simd');
      valid = wasm.validate(bytes);
    } catch {
      valid = false;
    }
  }
  return valid ? new wasm.Module(bytes) : null;
}

/** Whether new native models and the gemm use the wasm SIMD kernels (env RECSEARCH_NATIVE_SIMD=0 turns them off). */
export function simdEnabled(): boolean {
  return enabled && kernelModule() !== null;
}

/** Turns the wasm kernels off or on for models created afterwards (tests compare both paths). */
export function setSimdEnabled(on: boolean): void {
  enabled = on;
}

/**
 * Whether the SIMD kernels' gemms multiply-add with relaxed SIMD (fused where the CPU has FMA):
 * when the runtime has it and it is not turned off (env RECSEARCH_NATIVE_FMA=0).
 */
export function fusedMultiplyAddEnabled(): boolean {
  return simdEnabled() && fusedWanted && relaxedKernelModule() !== null;
}

/** Turns the relaxed-SIMD gemms off or on for models created (and gemms run) afterwards. */
export function setFusedMultiplyAdd(on: boolean): void {
  fusedWanted = on;
}

function chosenModule(): object | null {
  if (!simdEnabled()) return null;
  return fusedMultiplyAddEnabled() ? relaxedKernelModule() : kernelModule();
}

/** A kernel instance over a fresh memory of `bytes` (rounded up to pages); undefined without SIMD. */
export function instantiateKernels(bytes: number): { memory: WasmMemory; kernels: NativeKernels } | undefined {
  const module = chosenModule();
  if (module === null) return undefined;
  const wasm = wasmApi() as WasmApi;
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / wasmPageBytes)) });
  const kernels = new wasm.Instance(module, { env: { memory } }).exports as NativeKernels;
  return { memory, kernels };
}
