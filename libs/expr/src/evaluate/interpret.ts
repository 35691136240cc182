import { DEPENDS_ON_YHAT, topologicalOrder, type Expr } from '../expression/expr';
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
  // Tangents start at ŷ and are only ever added to from non-zero ones: without ŷ, all are 0.
  if ((expr.deps & DEPENDS_ON_YHAT) === 0) return new Float64Array(rows);
  const order = topologicalOrder([expr]);
  const slot = new Map<number, number>();
  for (let index = 0; index < order.length; index++) slot.set(order[index].id, index);
  const values = new Float64Array(order.length * rows);
  const tangents = new Float64Array(order.length * rows);
  // One operand array per arity, reused: operators read it during the call only.
  const argsOf: number[][] = [];
  for (let index = 0; index < order.length; index++) {
    const node = order[index];
    const base = index * rows;
    if (node.kind !== 'apply') {
      if (node.kind === 'variable') {
        const source = node.name === 'yhat' ? yhat : y;
        for (let r = 0; r < rows; r++) values[base + r] = source[r];
        if (node.name === 'yhat') tangents.fill(1, base, base + rows);
      } else {
        values.fill(leafValue(node, { yhat: 0, y: 0, parameters }), base, base + rows);
      }
      continue;
    }
    const { op } = node;
    const arity = node.args.length;
    const argBases = node.args.map((arg) => (slot.get(arg.id) as number) * rows);
    const args = (argsOf[arity] ??= new Array<number>(arity).fill(0));
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < arity; i++) args[i] = values[argBases[i] + r];
      values[base + r] = arity === 1 ? op.value(args[0]) : arity === 2 ? op.value(args[0], args[1]) : op.value(...args);
      let tangent = 0;
      for (let i = 0; i < arity; i++) {
        const argTangent = tangents[argBases[i] + r];
        if (argTangent !== 0) tangent += op.derivative(args, i) * argTangent;
      }
      tangents[base + r] = tangent;
    }
  }
  return tangents.slice((order.length - 1) * rows, order.length * rows);
}
