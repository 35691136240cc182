import { apply, DEPENDS_ON_Y, DEPENDS_ON_YHAT, type Expr } from '@recsearch/expr';

// Genomes are expressions read as trees: a subtree shared in the hash-consed DAG is a separate
// position for each use, so crossover and mutation address positions by their path from the root.

/** Operand indices from the root to a node. */
export type Path = readonly number[];

/** Height as a tree: a leaf has height 0. */
export function height(expr: Expr): number {
  const memo = new Map<number, number>();
  const visit = (node: Expr): number => {
    if (node.kind !== 'apply') return 0;
    const known = memo.get(node.id);
    if (known !== undefined) return known;
    const value = 1 + Math.max(...node.args.map(visit));
    memo.set(node.id, value);
    return value;
  };
  return visit(expr);
}

/** Every position in pre-order (the root first). */
export function positions(expr: Expr): Path[] {
  const found: Path[] = [];
  const visit = (node: Expr, path: number[]): void => {
    found.push(path);
    if (node.kind === 'apply') node.args.forEach((arg, i) => visit(arg, [...path, i]));
  };
  visit(expr, []);
  return found;
}

/** Positions of the leaves (variables and constants). */
export function leafPositions(expr: Expr): Path[] {
  return positions(expr).filter((path) => subtreeAt(expr, path).kind !== 'apply');
}

export function subtreeAt(expr: Expr, path: Path): Expr {
  let node = expr;
  for (const index of path) {
    if (node.kind !== 'apply') throw new RangeError(`no operand ${index} below a leaf`);
    node = node.args[index];
  }
  return node;
}

/** The tree with the node at `path` replaced (the rest of the structure kept). */
export function replaceAt(expr: Expr, path: Path, replacement: Expr): Expr {
  if (path.length === 0) return replacement;
  if (expr.kind !== 'apply') throw new RangeError(`no operand ${path[0]} below a leaf`);
  const args = expr.args.slice();
  args[path[0]] = replaceAt(args[path[0]], path.slice(1), replacement);
  return apply(expr.op, args);
}

/** Depth of a position: the root is at depth 0. */
export const depthOf = (path: Path): number => path.length;

export function hasBothVariables(expr: Expr): boolean {
  return (expr.deps & (DEPENDS_ON_Y | DEPENDS_ON_YHAT)) === (DEPENDS_ON_Y | DEPENDS_ON_YHAT);
}

/** Names of the operators the tree uses. */
export function operatorNames(expr: Expr): Set<string> {
  const names = new Set<string>();
  const visit = (node: Expr): void => {
    if (node.kind !== 'apply') return;
    names.add(node.op.name);
    node.args.forEach(visit);
  };
  visit(expr);
  return names;
}
