import type { OperatorRecord } from '../operators/operator-record';

/** The two inputs of every loss: ŷ (predicted probability) and y (label). */
export type VariableName = 'yhat' | 'y';

/** Bits of `Expr.deps`: what a node's value depends on (constants depend on nothing). */
export const DEPENDS_ON_YHAT = 1;
export const DEPENDS_ON_Y = 2;
export const DEPENDS_ON_PARAMETER = 4;

interface ExprBase {
  /** Unique per live node; hash-consing makes equal subtrees one node, so equal ids ⇔ equal trees. */
  readonly id: number;
  readonly deps: number;
}

export interface VariableExpr extends ExprBase {
  readonly kind: 'variable';
  readonly name: VariableName;
}

export interface NumberExpr extends ExprBase {
  readonly kind: 'number';
  readonly value: number;
}

/** A named constant or learnable weight (eps, phi3): given a value when the expression is evaluated. */
export interface ParameterExpr extends ExprBase {
  readonly kind: 'parameter';
  readonly name: string;
}

export interface ApplyExpr extends ExprBase {
  readonly kind: 'apply';
  readonly op: OperatorRecord;
  readonly args: readonly Expr[];
}

/** A node of a loss expression. Expressions are DAGs: a node may be the operand of several others. */
export type Expr = VariableExpr | NumberExpr | ParameterExpr | ApplyExpr;

/** Every node reachable from the roots, each once, operands before the nodes that use them. */
export function topologicalOrder(roots: readonly Expr[]): Expr[] {
  const order: Expr[] = [];
  const seen = new Set<number>();
  const visit = (node: Expr): void => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    if (node.kind === 'apply') for (const arg of node.args) visit(arg);
    order.push(node);
  };
  for (const root of roots) visit(root);
  return order;
}

/** Names of the parameters an expression uses, in first-use order. */
export function parametersOf(expr: Expr): string[] {
  const names: string[] = [];
  for (const node of topologicalOrder([expr])) if (node.kind === 'parameter') names.push(node.name);
  return names;
}

/** Number of operator applications as a tree (shared subtrees counted each time they are used). */
export function treeSize(expr: Expr): number {
  const memo = new Map<number, number>();
  const size = (node: Expr): number => {
    if (node.kind !== 'apply') return 0;
    const known = memo.get(node.id);
    if (known !== undefined) return known;
    const total = 1 + node.args.reduce((sum, arg) => sum + size(arg), 0);
    memo.set(node.id, total);
    return total;
  };
  return size(expr);
}
