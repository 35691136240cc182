import type { Expr } from '../expression/expr';
import { apply, num } from '../expression/pool';

/** The expression with each named parameter replaced by its binding (structure otherwise kept). */
export function substitute(expr: Expr, bindings: ReadonlyMap<string, Expr>): Expr {
  const memo = new Map<number, Expr>();
  const visit = (node: Expr): Expr => {
    const known = memo.get(node.id);
    if (known) return known;
    let result: Expr = node;
    if (node.kind === 'parameter') result = bindings.get(node.name) ?? node;
    else if (node.kind === 'apply') {
      const args = node.args.map(visit);
      if (args.some((arg, i) => arg !== node.args[i])) result = apply(node.op, args);
    }
    memo.set(node.id, result);
    return result;
  };
  return visit(expr);
}

/** The expression with the given parameters fixed to values (e.g. a found loss with its ε). */
export function instantiate(expr: Expr, values: Readonly<Record<string, number>>): Expr {
  return substitute(expr, new Map(Object.entries(values).map(([name, value]) => [name, num(value)])));
}
