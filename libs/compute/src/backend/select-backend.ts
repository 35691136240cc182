import * as tf from '@tensorflow/tfjs';
import { registerSegmentSumKernels } from './segment-sum-kernel';

/** In order of preference: `tensorflow-gpu` is tfjs-node-gpu (CUDA), `tensorflow` is tfjs-node. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export const backendPreference: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export interface BackendChoice {
  name: BackendName;
  /** Backends tried before it and why each was passed over. */
  skipped: { name: BackendName; reason: string }[];
}

export interface SelectBackendOptions {
  /** Backends to try, in order (default `backendPreference`). */
  candidates?: readonly BackendName[];
  /** Loads a module by name (default `require`); tests inject one. */
  load?: (moduleName: string) => unknown;
}

const modules: Record<BackendName, string | undefined> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: undefined,
};

// The native-binding packages are optional and absent on most machines, so they are loaded by
// a name only known at run time: nothing needs their types to compile.
const requireModule = (moduleName: string): unknown => require(moduleName);

/** tfjs's registry name for a backend: both tfjs-node packages register `tensorflow`. */
export function tfBackendName(name: BackendName): string {
  return name === 'tensorflow-gpu' ? 'tensorflow' : name;
}

/**
 * Chooses the tfjs backend once: the first candidate whose package loads and whose backend
 * initialises. Registers the fast embedding-gradient kernel for cpu and wasm. The caller
 * announces the returned name on the bus.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendChoice> {
  registerSegmentSumKernels();
  const load = options.load ?? requireModule;
  const skipped: BackendChoice['skipped'] = [];
  for (const name of options.candidates ?? backendPreference) {
    try {
      const moduleName = modules[name];
      if (moduleName !== undefined) load(moduleName);
      if (await tf.setBackend(tfBackendName(name))) return { name, skipped };
      skipped.push({ name, reason: 'backend did not initialise' });
    } catch (error) {
      skipped.push({ name, reason: error instanceof Error ? error.message.split('\n')[0] : String(error) });
    }
  }
  await tf.setBackend('cpu');
  return { name: 'cpu', skipped };
}

/** The native Float32Array kernels beat every backend except a GPU one (DESIGN.md, Compute). */
export function prefersNativeKernels(choice: BackendChoice): boolean {
  return choice.name !== 'tensorflow-gpu';
}
