import { topologicalOrder, type Expr } from '../expression/expr';
import { defaultParameterValue } from '../expression/parameters';
import { ExpressionError } from '../expression/pool';

/** One row: ŷ, y and the parameters' values (defaults: eps = 1e-6, phi<N> = 1). */
export interface Point {
  yhat: number;
  y: number;
  parameters?: Readonly<Record<string, number>>;
}

export function parameterValue(name: string, given?: Readonly<Record<string, number>>): number {
  const value = given?.[name] ?? defaultParameterValue(name);
  if (value === undefined) throw new ExpressionError(`no value given for parameter ${name}`);
  return value;
}

function leafValue(node: Expr, point: Point): number {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'variable':
      return node.name === 'yhat' ? point.yhat : point.y;
    case 'parameter':
      return parameterValue(node.name, point.parameters);
    default:
      throw new Error('not a leaf');
  }
}

/** The value at one point, by walking the DAG (the reference the compiled code is checked against). */
export function evaluate(expr: Expr, point: Point): number {
  const values = new Map<number, number>();
  for (const node of topologicalOrder([expr])) {
    values.set(node.id, node.kind === 'apply' ? node.op.value(...node.args.map((arg) => values.get(arg.id) as number)) : leafValue(node, point));
  }
  return values.get(expr.id) as number;
}

export interface ValueAndDerivatives {
  value: number;
  /** ∂value/∂w for each w asked for, in order. */
  derivatives: number[];
}

/**
 * Forward-mode derivatives with the operators' numeric derivatives (independent of the
 * symbolic ones that compiled code uses). `wrt` names 'yhat', 'y' or parameters.
 */
export function evaluateDerivatives(expr: Expr, point: Point, wrt: readonly string[]): ValueAndDerivatives {
  const values = new Map<number, number>();
  const tangents = new Map<number, Float64Array>();
  for (const node of topologicalOrder([expr])) {
    const tangent = new Float64Array(wrt.length);
    if (node.kind === 'apply') {
      const args = node.args.map((arg) => values.get(arg.id) as number);
      values.set(node.id, node.op.value(...args));
      node.args.forEach((arg, i) => {
        const argTangent = tangents.get(arg.id) as Float64Array;
        if (argTangent.every((t) => t === 0)) return;
        const partial = node.op.derivative(args, i);
        for (let k = 0; k < wrt.length; k++) if (argTangent[k] !== 0) tangent[k] += partial * argTangent[k];
      });
    } else {
      values.set(node.id, leafValue(node, point));
      if (node.kind !== 'number') {
        const index = wrt.indexOf(node.name);
        if (index >= 0) tangent[index] = 1;
      }
    }
    tangents.set(node.id, tangent);
  }
  return { value: values.get(expr.id) as number, derivatives: [...(tangents.get(expr.id) as Float64Array)] };
}

/**
 * ∂f/∂ŷ for a few rows at once by forward mode, walking the DAG once: for small batches (the
 * proxy test's probe) this beats generating code. Same numeric derivatives as `evaluateDerivatives`.
 */
export function derivativesInYhat(expr: Expr, yhat: ArrayLike<number>, y: ArrayLike<number>, parameters?: Readonly<Record<string, number>>): Float64Array {
  const rows = yhat.length;
  const order = topologicalOrder([expr]);
  const slot = new Map<number, number>(order.map((node, index) => [node.id, index]));
  const values = new Float64Array(order.length * rows);
  const tangents = new Float64Array(order.length * rows);
  const args: number[] = [];
  order.forEach((node, index) => {
    const base = index * rows;
    if (node.kind !== 'apply') {
      for (let r = 0; r < rows; r++) {
        values[base + r] = node.kind === 'variable' ? (node.name === 'yhat' ? yhat[r] : y[r]) : leafValue(node, { yhat: 0, y: 0, parameters });
        tangents[base + r] = node.kind === 'variable' && node.name === 'yhat' ? 1 : 0;
      }
      return;
    }
    const argBases = node.args.map((arg) => (slot.get(arg.id) as number) * rows);
    for (let r = 0; r < rows; r++) {
      args.length = 0;
      for (const argBase of argBases) args.push(values[argBase + r]);
      values[base + r] = node.op.value(...args);
      let tangent = 0;
      argBases.forEach((argBase, i) => {
        const argTangent = tangents[argBase + r];
        if (argTangent !== 0) tangent += node.op.derivative(args, i) * argTangent;
      });
      tangents[base + r] = tangent;
    }
  });
  return tangents.slice((order.length - 1) * rows, order.length * rows);
}
