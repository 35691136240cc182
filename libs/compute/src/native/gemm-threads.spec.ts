import { Rng, type GroupSettings } from '@recsearch/core';
import { gemm, gemmHelper } from './gemm';
import { NativeMlp } from './mlp';
import { setNativeThreads } from './wasm/kernels';

function random(rng: Rng, size: number, sparse = false): Float32Array {
  const values = new Float32Array(size);
  for (let k = 0; k < size; k++) values[k] = sparse && k % 3 === 0 ? 0 : rng.normal();
  return values;
}

/** The first index where the arrays differ (bit for bit), or -1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  const [x, y] = [new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length)];
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return k;
  return -1;
}

/** Runs `work` with the given thread count, restoring one thread after. */
function withThreads<T>(threads: number, work: () => T): T {
  setNativeThreads(threads);
  try {
    return work();
  } finally {
    setNativeThreads(1);
  }
}

describe('two-thread native products', () => {
  beforeAll(async () => {
    const helper = withThreads(2, gemmHelper);
    expect(helper).toBeDefined();
    expect(await helper?.started).toBe(true);
  });

  // Odd and even row counts, a long product past the row chunking, products just above and below the hand-off size.
  const shapes: Array<[number, number, number]> = [
    [128, 64, 128],
    [129, 16, 64],
    [17, 64, 64],
    [4097, 8, 4],
    [16, 8, 8],
  ];
  it.each(shapes)('%i x %i, depth %i: every transposition, accumulation and zero-skipping hint equals one thread to the bit', (m, n, depth) => {
    const rng = Rng.fromSeed(m + n + depth);
    const helper = withThreads(2, gemmHelper);
    const jobsBefore = helper?.jobs ?? 0;
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        for (const acc of [false, true]) {
          for (const skipZeros of [true, false]) {
            const a = random(rng, m * depth, skipZeros);
            const b = random(rng, depth * n);
            const c = random(rng, m * n);
            const [one, two] = [1, 2].map((threads) => {
              const out = c.slice();
              withThreads(threads, () => gemm()(m, n, depth, a, ta, b, tb, out, acc, skipZeros));
              return out;
            });
            expect(firstDifference(two, one)).toBe(-1);
          }
        }
      }
    }
    // The helper took part exactly when the product is large enough to hand off.
    const handedOff = m * n * depth >= 1 << 16;
    expect((helper?.jobs ?? 0) > jobsBefore).toBe(handedOff);
  });

  it('trains an MLP to the same parameters and predictions as one thread', () => {
    const run = (threads: number) =>
      withThreads(threads, () => {
        const model = new NativeMlp({ users: 50, items: 60, dim: 64, seed: 3, optimizer: { kind: 'adam' } });
        const rng = Rng.fromSeed(5);
        const settings: GroupSettings[] = model.layerGroups.map(() => ({ learningRate: 0.01, l2: 1e-4 }));
        const predictions: number[] = [];
        for (let step = 0; step < 4; step++) {
          const users = Int32Array.from({ length: 128 }, () => rng.int(0, 49));
          const items = Int32Array.from({ length: 128 }, () => rng.int(0, 59));
          predictions.push(...model.predict({ users, items }, true));
          model.backward(Float32Array.from({ length: 128 }, () => rng.normal()));
          model.applyGradients(settings);
        }
        return { predictions, parameters: model.parameters().map((tensor) => Array.from(tensor.values)) };
      });
    const helper = withThreads(2, gemmHelper);
    const jobsBefore = helper?.jobs ?? 0;
    const two = run(2);
    expect(helper?.jobs ?? 0).toBeGreaterThan(jobsBefore);
    expect(two).toEqual(run(1));
  });
});
