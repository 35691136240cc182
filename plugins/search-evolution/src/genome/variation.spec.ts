import { Rng } from '@recsearch/core';
import { apply, defaultOperatorTable, num, Y, YHAT, type Expr } from '@recsearch/expr';
import { evomalPrimitiveSet, generateTree } from './generate';
import { height, positions, subtreeAt } from './tree';
import { chooseVariation, offspring, subtreeCrossover, subtreeMutation, type VariationKind } from './variation';

const table = defaultOperatorTable();
const [add, mul, max, sub] = ['add', 'mul', 'max', 'sub'].map((name) => table.require(name));

/** Positions whose node uses `op` while its parent does not: the roots of foreign material. */
function regionRoots(tree: Expr, op: string): Expr[] {
  return positions(tree)
    .filter((path) => {
      const node = subtreeAt(tree, path);
      const parent = path.length ? subtreeAt(tree, path.slice(0, -1)) : undefined;
      return node.kind === 'apply' && node.op.name === op && !(parent?.kind === 'apply' && parent.op.name === op);
    })
    .map((path) => subtreeAt(tree, path));
}

describe('variation', () => {
  it('draws crossover, mutation and reproduction exclusively at 0.7 / 0.25 / 0.05', () => {
    const rng = Rng.fromSeed(1);
    const counts: Record<VariationKind, number> = { crossover: 0, mutation: 0, reproduction: 0 };
    const draws = 20_000;
    for (let k = 0; k < draws; k++) counts[chooseVariation(rng, { crossoverRate: 0.7, mutationRate: 0.25 })]++;
    // Binomial standard deviations: 0.0032, 0.0031, 0.0015; the bounds are about four of them.
    expect(Math.abs(counts.crossover / draws - 0.7)).toBeLessThan(0.013);
    expect(Math.abs(counts.mutation / draws - 0.25)).toBeLessThan(0.013);
    expect(Math.abs(counts.reproduction / draws - 0.05)).toBeLessThan(0.006);
  });

  it('crossover keeps the first parent\'s root and grafts one subtree of the second', () => {
    const rng = Rng.fromSeed(2);
    const addSet = { operators: [add], terminals: [Y] };
    const mulSet = { operators: [mul], terminals: [YHAT] };
    for (let k = 0; k < 200; k++) {
      const first = generateTree(rng, addSet, 'full', rng.int(1, 4));
      const second = generateTree(rng, mulSet, 'grow', rng.int(1, 4));
      const child = subtreeCrossover(rng, first, second);
      expect(child.kind === 'apply' && child.op).toBe(add);
      const donorSubtrees = new Set(positions(second).map((path) => subtreeAt(second, path)));
      const grafted = positions(child).map((path) => subtreeAt(child, path)).filter((node) => node === YHAT || (node.kind === 'apply' && node.op === mul));
      expect(grafted.length).toBeGreaterThan(0);
      // The grafted material is one donor subtree: its largest node contains all the others.
      const largest = grafted.reduce((a, b) => (positions(a).length >= positions(b).length ? a : b));
      expect(donorSubtrees.has(largest)).toBe(true);
      expect(grafted).toHaveLength(positions(largest).length);
      expect(regionRoots(child, 'mul').length).toBeLessThanOrEqual(1);
    }
  });

  it('mutation grows a new full subtree of height 0–2 at one position', () => {
    const rng = Rng.fromSeed(3);
    const parent = generateTree(rng, { operators: [max], terminals: [num(1)] }, 'full', 4);
    const heights = new Set<number>();
    for (let k = 0; k < 300; k++) {
      const child = subtreeMutation(rng, parent, { operators: [sub], terminals: [Y, YHAT] }, { min: 0, max: 2 });
      const roots = regionRoots(child, 'sub');
      expect(roots.length).toBeLessThanOrEqual(1);
      for (const root of roots) {
        expect(height(root)).toBeLessThanOrEqual(2);
        heights.add(height(root));
      }
    }
    expect([...heights].sort()).toEqual([1, 2]);
  });

  it('offspring contain y and ŷ, and one above the maximum height is replaced by its parent', () => {
    const rng = Rng.fromSeed(4);
    const set = evomalPrimitiveSet(['add', 'mul', 'tanh'].map((name) => table.require(name)));
    const population = Array.from({ length: 10 }, () => apply(add, [generateTree(rng, set, 'full', 2), apply(sub, [Y, YHAT])]));
    const settings = { crossoverRate: 0.7, mutationRate: 0.25, maxHeight: 3, mutationHeight: { min: 0, max: 2 } };
    let fallbacks = 0;
    for (let k = 0; k < 500; k++) {
      const parents: Expr[] = [];
      const select = () => parents[parents.push(rng.pick(population)) - 1];
      const kind = chooseVariation(rng, settings);
      const child = offspring(rng, kind, select, set, [add], settings);
      expect(height(child)).toBeLessThanOrEqual(3);
      expect(child.deps & 3).toBe(3);
      if (kind === 'reproduction') expect(child).toBe(parents[0]);
      else if (child === parents[0]) fallbacks++;
    }
    expect(fallbacks).toBeGreaterThan(0);
  });
});
