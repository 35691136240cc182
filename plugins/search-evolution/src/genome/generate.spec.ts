import { Rng } from '@recsearch/core';
import { apply, defaultOperatorTable, EVOMAL_PRIMITIVES, num, Y, YHAT, type Expr } from '@recsearch/expr';
import { evomalPrimitiveSet, generateTree, rampedHalfAndHalf, repair } from './generate';
import { hasBothVariables, height, leafPositions, operatorNames, subtreeAt } from './tree';

const table = defaultOperatorTable();
const set = evomalPrimitiveSet(EVOMAL_PRIMITIVES.map((name) => table.require(name)));
const add = table.require('add');
const sub = table.require('sub');

describe('tree generation', () => {
  it('full trees put every leaf at exactly the requested height', () => {
    const rng = Rng.fromSeed(1);
    for (let h = 0; h <= 4; h++) {
      for (let k = 0; k < 50; k++) {
        const tree = generateTree(rng, set, 'full', h);
        expect(height(tree)).toBe(h);
        for (const path of leafPositions(tree)) expect(path).toHaveLength(h);
      }
    }
  });

  it('grow trees keep leaves at or below the minimum depth and within the limit', () => {
    const rng = Rng.fromSeed(2);
    for (let k = 0; k < 300; k++) {
      const tree = generateTree(rng, set, 'grow', 4, 2);
      expect(height(tree)).toBeLessThanOrEqual(4);
      for (const path of leafPositions(tree)) expect(path.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('ramped half-and-half spreads heights over 2–4, half of them from full trees', () => {
    const rng = Rng.fromSeed(3);
    const draws = 3000;
    const counts = new Map<number, number>();
    let balanced = 0;
    for (let k = 0; k < draws; k++) {
      const tree = rampedHalfAndHalf(rng, set, 2, 4);
      const h = height(tree);
      counts.set(h, (counts.get(h) ?? 0) + 1);
      if (leafPositions(tree).every((path) => path.length === h)) balanced++;
    }
    expect([...counts.keys()].sort()).toEqual([2, 3, 4]);
    // Full trees alone give 1/3 per height; grow trees lean to their limit less often.
    for (const h of [2, 3, 4]) expect((counts.get(h) as number) / draws).toBeGreaterThan(0.2);
    // Every full tree is balanced (and grow at height 2 = its minimum is full); taller grow trees often are not.
    expect(balanced / draws).toBeGreaterThan(0.6);
    expect(balanced / draws).toBeLessThan(0.95);
  });
});

describe('repair', () => {
  const ops = [add, sub];

  it('leaves a tree with y and ŷ as it is', () => {
    const tree = apply(add, [YHAT, apply(sub, [Y, num(1)])]);
    expect(repair(Rng.fromSeed(1), tree, ops)).toBe(tree);
  });

  it('replaces one leaf by (y ∘ ŷ) when y or ŷ is missing', () => {
    const rng = Rng.fromSeed(4);
    const broken: Expr[] = [apply(add, [Y, num(1)]), apply(sub, [YHAT, YHAT]), apply(add, [num(-1), num(1)]), apply(table.require('tanh'), [num(1)])];
    for (let k = 0; k < 40; k++) {
      const tree = broken[k % broken.length];
      const repaired = repair(rng, tree, ops);
      expect(hasBothVariables(repaired)).toBe(true);
      expect(height(repaired)).toBe(height(tree) + 1);
      const changed = leafPositions(tree).filter((path) => subtreeAt(repaired, path) !== subtreeAt(tree, path));
      expect(changed).toHaveLength(1);
      const inserted = subtreeAt(repaired, changed[0]);
      expect(inserted.kind === 'apply' && ops.includes(inserted.op) && inserted.args[0] === Y && inserted.args[1] === YHAT).toBe(true);
      expect([...operatorNames(repaired)].every((name) => ['add', 'sub', 'tanh'].includes(name))).toBe(true);
    }
  });
});
