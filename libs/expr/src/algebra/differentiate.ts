import { plus, times } from '../expression/build';
import { topologicalOrder, type Expr } from '../expression/expr';
import { apply, ExpressionError, ONE, ZERO } from '../expression/pool';
import { functionForms, type OperatorRecord } from '../operators/operator-record';

const numericPartials = new WeakMap<OperatorRecord, OperatorRecord[]>();

// An operator from a plugin that gives only a numeric derivative: its partial becomes an
// opaque operator whose value is that derivative (so first derivatives still compile).
function numericPartial(op: OperatorRecord, argument: number): OperatorRecord {
  let partials = numericPartials.get(op);
  if (!partials) {
    partials = Array.from({ length: op.arity }, (_, i) => ({
      name: `_d${i}_${op.name}`,
      arity: op.arity,
      family: 'numeric-partial',
      internal: true,
      formula: `∂${op.name}/∂(operand ${i}), numeric`,
      value: (...args: number[]) => op.derivative(args, i),
      derivative: () => {
        throw new ExpressionError(`operator ${op.name} gives no symbolic derivative, so its second derivatives are unavailable`);
      },
      ...functionForms(`_d${i}_${op.name}`),
    }));
    numericPartials.set(op, partials);
  }
  return partials[argument];
}

/** ∂op(args)/∂args[i] as an expression. */
export function partialExpression(op: OperatorRecord, args: readonly Expr[], argument: number): Expr {
  if (op.partial) return op.partial(args, argument);
  if (op.family === 'numeric-partial') {
    throw new ExpressionError(`${op.formula}: second derivatives of an operator without a symbolic derivative are unavailable`);
  }
  return apply(numericPartial(op, argument), args);
}

/**
 * Symbolic reverse-mode gradient: ∂expr/∂w for each leaf w in `wrt` (the variable ŷ or y, or a
 * parameter). Hash-consing shares common subexpressions between the results.
 */
export function gradient(expr: Expr, wrt: readonly Expr[]): Expr[] {
  const targets = new Set(wrt.map((leaf) => leaf.id));
  const order = topologicalOrder([expr]);
  const reaches = new Set<number>();
  for (const node of order) {
    if (targets.has(node.id) || (node.kind === 'apply' && node.args.some((arg) => reaches.has(arg.id)))) reaches.add(node.id);
  }
  const adjoint = new Map<number, Expr>([[expr.id, ONE]]);
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k];
    const seed = adjoint.get(node.id);
    if (node.kind !== 'apply' || !seed || !reaches.has(node.id)) continue;
    node.args.forEach((arg, i) => {
      if (!reaches.has(arg.id)) return;
      const term = times(seed, partialExpression(node.op, node.args, i));
      const previous = adjoint.get(arg.id);
      adjoint.set(arg.id, previous ? plus(previous, term) : term);
    });
  }
  return wrt.map((leaf) => adjoint.get(leaf.id) ?? ZERO);
}
