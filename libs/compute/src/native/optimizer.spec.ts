import { ArenaPlan, TensorArena } from './arena';
import { NativeOptimizer, type OptimizerKind } from './optimizer';
import { NativeTensor } from './tensor';

/** A 2 × 4 embedding table, in a wasm arena (SIMD kernels) or in plain arrays (loops). */
function table(kind: OptimizerKind, inArena: boolean): { tensor: NativeTensor; optimizer: NativeOptimizer } {
  const arena = inArena ? TensorArena.create(new ArenaPlan().tensors([{ size: 8, rows: 2 }], { kind })) : undefined;
  if (inArena) expect(arena).toBeDefined();
  const tensor = new NativeTensor('t', [2, 4], 0, true, arena);
  return { tensor, optimizer: new NativeOptimizer({ kind }, [tensor]) };
}

describe('NativeOptimizer flushes values decayed towards zero', () => {
  it.each([
    ['sgd', false],
    ['sgd', true],
    ['adam', false],
    ['adam', true],
    ['amsgrad', false],
  ] as const)('%s (arena: %s): weights under 2^-64 and subnormal moments become 0, others move as usual', (kind, inArena) => {
    const { tensor, optimizer } = table(kind, inArena);
    tensor.values.set([1e-25, 0.5, -1e-30, 3e-38, 0.25, -0.25, 1e-19, 2]);
    // Row 0: no gradient but a subnormal-squared one; row 1: ordinary gradients.
    tensor.gradient.set([0, 1e-20, 0, 0, 0.5, -0.5, 0, 0.1]);
    tensor.markRow(0);
    tensor.markRow(1);
    optimizer.apply([tensor], [{ learningRate: 0.1, l2: 0 }]);
    const w = Array.from(tensor.values);
    expect([w[0], w[2], w[3]]).toEqual([0, 0, 0]);
    expect(w[1]).toBeCloseTo(0.5, 6);
    expect(w[6]).toBeCloseTo(1e-19, 25); // above 2^-64: kept
    if (kind === 'sgd') {
      expect(w[4]).toBeCloseTo(0.2, 6);
      expect(w[7]).toBeCloseTo(1.99, 6);
    } else {
      // Adam's first step moves each weight with a gradient by the learning rate.
      expect(w[4]).toBeCloseTo(0.15, 5);
      expect(w[5]).toBeCloseTo(-0.15, 5);
      const state = optimizer.state();
      // (1 − β₂)·(1e-20)² is subnormal in float32: flushed.
      expect(state['optimizer.v.t'][1]).toBe(0);
      expect(state['optimizer.m.t'][1]).toBeCloseTo(1e-21, 27);
    }
    expect(Array.from(tensor.gradient)).toEqual(new Array(8).fill(0));
  });
});
