import { Rng, type GroupSettings } from '@recsearch/core';
import { NativeMf } from './mf';
import { NativeMlp } from './mlp';
import type { NativeRecommender } from './native-recommender';
import { NativeNeuMf } from './neumf';
import { fusedMultiplyAddEnabled, setFusedMultiplyAdd, setSimdEnabled, simdEnabled } from './wasm/kernels';
import { scratch } from './wasm/scratch';

const sizes = { users: 30, items: 40 };
const makers: Record<string, () => NativeRecommender> = {
  'mf sgd': () => new NativeMf({ ...sizes, dim: 12, embeddingStd: 0.3, globalBias: 0.1, seed: 1 }),
  'mf adam': () => new NativeMf({ ...sizes, dim: 10, embeddingStd: 0.3, seed: 2, optimizer: { kind: 'adam' } }),
  'mf adam, dense decay, clipped': () =>
    new NativeMf({ ...sizes, dim: 8, embeddingStd: 0.3, seed: 3, optimizer: { kind: 'adam', embeddingDecay: 'all', clipValue: 0.02 } }),
  'mf amsgrad': () => new NativeMf({ ...sizes, dim: 8, embeddingStd: 0.3, seed: 4, optimizer: { kind: 'amsgrad' } }),
  'mlp sgd': () => new NativeMlp({ ...sizes, dim: 8, hidden: [16, 8], embeddingStd: 0.3, seed: 5 }),
  'mlp adam, odd widths': () => new NativeMlp({ ...sizes, dim: 5, hidden: [7, 4], embeddingStd: 0.3, seed: 6, optimizer: { kind: 'adam' } }),
  'neumf adam': () => new NativeNeuMf({ ...sizes, gmfDim: 4, mlpDim: 8, hidden: [8, 4, 4], embeddingStd: 0.3, seed: 7, optimizer: { kind: 'adam' } }),
};

interface Trace {
  predictions: Float32Array[];
  parameters: Float32Array[];
}

/** The kernel paths: wasm SIMD with relaxed-SIMD (FMA) gemms, plain wasm SIMD, plain JS loops. */
type Path = 'fused' | 'simd' | 'loops';

/** Four training steps (the last on a batch longer than the kernels' chunks) and an evaluation pass. */
function train(make: () => NativeRecommender, path: Path): Trace {
  setSimdEnabled(path !== 'loops');
  setFusedMultiplyAdd(path === 'fused');
  try {
    const model = make();
    const rng = Rng.fromSeed(11);
    const settings: GroupSettings[] = model.layerGroups.map((_, group) => ({ learningRate: 0.02 * (group + 1), l2: 0.01 }));
    const predictions: Float32Array[] = [];
    for (const rows of [16, 16, 33, 5000]) {
      const users = Int32Array.from({ length: rows }, () => rng.int(0, sizes.users - 1));
      const items = Int32Array.from({ length: rows }, () => rng.int(0, sizes.items - 1));
      predictions.push(model.predict({ users, items }, true));
      model.backward(Float32Array.from({ length: rows }, () => rng.normal()));
      model.applyGradients(settings);
    }
    predictions.push(model.predict({ users: Int32Array.of(0, 1, 2, 29), items: Int32Array.of(39, 3, 2, 1) }));
    return { predictions, parameters: model.parameters().map((tensor) => tensor.values.slice()) };
  } finally {
    setSimdEnabled(true);
    setFusedMultiplyAdd(true);
  }
}

/** Largest |a − b| / max(|b|, 1e-2). */
function worstRelative(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  let worst = 0;
  a.forEach((values, index) => values.forEach((value, k) => (worst = Math.max(worst, Math.abs(value - b[index][k]) / Math.max(Math.abs(b[index][k]), 1e-2)))));
  return worst;
}

describe('native kernels: wasm SIMD (with and without relaxed-SIMD gemms) and plain loops agree', () => {
  it('runs on wasm SIMD with relaxed-SIMD gemms in this runtime', () => {
    expect(simdEnabled()).toBe(true);
    expect(fusedMultiplyAddEnabled()).toBe(true);
  });

  it('turning relaxed SIMD off moves the kernels to the plain module, and back', () => {
    const fused = scratch();
    setFusedMultiplyAdd(false);
    try {
      const plain = scratch();
      expect(plain).toBeDefined();
      expect(plain).not.toBe(fused);
      expect(plain?.kernels.gemm).not.toBe(fused?.kernels.gemm);
    } finally {
      setFusedMultiplyAdd(true);
    }
    expect(scratch()).toBe(fused);
  });

  describe.each(['fused', 'simd'] as const)('%s path', (path) => {
    it.each(Object.keys(makers))('%s: same predictions and parameters after four steps as the loops', (name) => {
      const simd = train(makers[name], path);
      const loops = train(makers[name], 'loops');
      expect(worstRelative(simd.predictions, loops.predictions)).toBeLessThan(1e-4);
      expect(worstRelative(simd.parameters, loops.parameters)).toBeLessThan(1e-4);
      // Training moved the parameters: the comparison is not between two untouched models.
      expect(worstRelative(simd.parameters, train(makers[name], path).parameters)).toBe(0);
      expect(worstRelative(makers[name]().parameters().map((tensor) => tensor.values), simd.parameters)).toBeGreaterThan(1e-3);
    });
  });
});
