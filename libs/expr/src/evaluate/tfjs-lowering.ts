import * as tf from '@tensorflow/tfjs';
import type { Expr } from '../expression/expr';
import { ExpressionError } from '../expression/pool';
import { parameterValue } from './interpret';

export interface TfjsInputs {
  /** Predicted probabilities, one per row. */
  yhat: tf.Tensor;
  y: tf.Tensor;
  /** Parameter values: scalars (or variables, to differentiate by them); missing ones take defaults. */
  parameters?: Readonly<Record<string, tf.Tensor | number>>;
}

/**
 * The per-row loss as tfjs ops (call inside `tf.tidy`). Every node has the rows' shape;
 * kinks use the same subgradients as the compiled code, so `tf.grad` agrees with it.
 */
export function lowerToTfjs(expr: Expr, inputs: TfjsInputs): tf.Tensor {
  const memo = new Map<number, tf.Tensor>();
  const ones = tf.onesLike(inputs.yhat);
  const visit = (node: Expr): tf.Tensor => {
    const known = memo.get(node.id);
    if (known) return known;
    let result: tf.Tensor;
    switch (node.kind) {
      case 'number':
        result = tf.mul(ones, node.value);
        break;
      case 'variable':
        result = node.name === 'yhat' ? inputs.yhat : inputs.y;
        break;
      case 'parameter': {
        const given = inputs.parameters?.[node.name];
        result = tf.mul(ones, given ?? parameterValue(node.name));
        break;
      }
      case 'apply': {
        const args = node.args.map(visit);
        if (node.op.tfjs) result = node.op.tfjs(...args);
        else if (node.op.expand) result = visit(node.op.expand(node.args));
        else throw new ExpressionError(`operator ${node.op.name} has no tfjs lowering`);
      }
    }
    memo.set(node.id, result);
    return result;
  };
  return visit(expr);
}
