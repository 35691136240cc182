import { mul } from '../operators/arithmetic';
import { topologicalOrder, type Expr } from './expr';
import { apply, parameter } from './pool';

export interface WeightedExpression {
  expr: Expr;
  /** The weight parameters, one per operator node, in operand-before-use order: phi0, phi1, … */
  weights: string[];
}

/**
 * EvoMAL's parameterisation: every operator node's output multiplied by its own learnable
 * weight φ_k (a parameter `phi<k>`, default 1, so the weighted loss starts equal to the original).
 */
export function withNodeWeights(expr: Expr): WeightedExpression {
  const weights: string[] = [];
  const weighted = new Map<number, Expr>();
  for (const node of topologicalOrder([expr])) {
    if (node.kind !== 'apply') {
      weighted.set(node.id, node);
      continue;
    }
    const name = `phi${weights.length}`;
    weights.push(name);
    const args = node.args.map((arg) => weighted.get(arg.id) as Expr);
    weighted.set(node.id, apply(mul, [parameter(name), apply(node.op, args)]));
  }
  return { expr: weighted.get(expr.id) as Expr, weights };
}
