import { gradient } from '../algebra/differentiate';
import { DEPENDS_ON_Y, DEPENDS_ON_YHAT, parametersOf, topologicalOrder, type Expr } from '../expression/expr';
import { apply, ExpressionError, parameter, YHAT } from '../expression/pool';
import * as kernels from '../operators/kernels';
import type { OperatorRecord } from '../operators/operator-record';
import { parameterValue } from './interpret';

export type RealArray = Float32Array | Float64Array;

export interface CompileOptions {
  /** Parameters for ∂/∂φ and ∂²/∂ŷ∂φ columns, in order (default: every parameter the expression uses). */
  differentiate?: readonly string[];
}

/** Output buffers; any may be left out. Parameter outputs are row-major n × K (K = differentiated.length). */
export interface LossOutputs {
  loss?: RealArray;
  dYhat?: RealArray;
  dParameters?: RealArray;
  dYhatdParameters?: RealArray;
}

export interface LossRows {
  yhat: ArrayLike<number>;
  y: ArrayLike<number>;
}

type Kernel = (n: number, yhat: ArrayLike<number>, y: ArrayLike<number>, p: Float64Array,
  loss: RealArray | null, dYhat: RealArray | null, dParameters: RealArray | null, mixed: RealArray | null) => void;

/** Composites without their own code are replaced by their formula (recursively). */
function inlineComposites(roots: readonly Expr[]): Expr[] {
  const memo = new Map<number, Expr>();
  const visit = (node: Expr): Expr => {
    const known = memo.get(node.id);
    if (known) return known;
    let result: Expr = node;
    if (node.kind === 'apply') {
      const args = node.args.map(visit);
      if (!node.op.js && node.op.expand) result = visit(node.op.expand(args));
      else if (args.some((arg, i) => arg !== node.args[i])) result = apply(node.op, args);
    }
    memo.set(node.id, result);
    return result;
  };
  return roots.map(visit);
}

const kernelNames = Object.keys(kernels).filter((name) => typeof (kernels as Record<string, unknown>)[name] === 'function');

function literal(value: number): string {
  return value < 0 ? `(${value})` : String(value);
}

/** Straight-line JavaScript for the outputs: one `const` per DAG node, loop-invariant nodes hoisted. */
function generate(outputs: Array<{ target: string; expr: Expr; column?: number }>, parameters: readonly string[],
  width: number): { source: string; records: OperatorRecord[] } {
  const roots = inlineComposites(outputs.map((output) => output.expr));
  const records: OperatorRecord[] = [];
  const names = new Map<number, string>();
  const hoisted: string[] = [];
  const body: string[] = [];
  const ref = (node: Expr): string => {
    if (node.kind === 'number') return literal(node.value);
    if (node.kind === 'variable') return node.name === 'yhat' ? 'yh' : 'yv';
    if (node.kind === 'parameter') return `p${parameters.indexOf(node.name)}`;
    return names.get(node.id) as string;
  };
  const order = topologicalOrder(roots);
  // A denominator shared by several divisions is inverted once per row: one division and a
  // few multiplications are cheaper than several divisions.
  const denominatorUses = new Map<number, number>();
  for (const node of order) {
    if (node.kind === 'apply' && node.op.name === 'div') denominatorUses.set(node.args[1].id, (denominatorUses.get(node.args[1].id) ?? 0) + 1);
  }
  const reciprocals = new Map<number, string>();
  const reciprocalOf = (node: Expr, inBody: boolean): string => {
    let name = reciprocals.get(node.id);
    if (!name) {
      name = `r${node.id}`;
      reciprocals.set(node.id, name);
      const varies = node.kind === 'variable' || (node.kind === 'apply' && (node.deps & (DEPENDS_ON_YHAT | DEPENDS_ON_Y)) !== 0);
      (varies || inBody ? (varies ? body : hoisted) : hoisted).push(`const ${name} = 1 / ${ref(node)};`);
    }
    return name;
  };
  for (const node of order) {
    if (node.kind === 'parameter' && !parameters.includes(node.name)) throw new ExpressionError(`parameter ${node.name} has no slot`);
    if (node.kind !== 'apply') continue;
    const args = node.args.map(ref);
    const inBody = (node.deps & (DEPENDS_ON_YHAT | DEPENDS_ON_Y)) !== 0;
    let code: string;
    if (node.op.name === 'div' && (denominatorUses.get(node.args[1].id) ?? 0) > 1) code = `(${args[0]} * ${reciprocalOf(node.args[1], inBody)})`;
    else if (node.op.js) code = node.op.js(args);
    else {
      let index = records.indexOf(node.op);
      if (index < 0) index = records.push(node.op) - 1;
      code = `R${index}.value(${args.join(', ')})`;
    }
    const name = `v${node.id}`;
    names.set(node.id, name);
    const line = `const ${name} = ${code};`;
    if (node.deps & (DEPENDS_ON_YHAT | DEPENDS_ON_Y)) body.push(line);
    else hoisted.push(line);
  }
  const writes = outputs.map((output, k) => {
    const index = output.column === undefined ? 'i' : `o + ${output.column}`;
    return `${output.target}[${index}] = ${ref(roots[k])};`;
  });
  const source = [
    '"use strict";',
    `const { ${kernelNames.join(', ')} } = K;`,
    ...records.map((_, i) => `const R${i} = R[${i}];`),
    'return function kernel(n, YH, Y, P, L, D, G, M) {',
    ...parameters.map((_, i) => `  const p${i} = P[${i}];`),
    ...hoisted.map((line) => `  ${line}`),
    '  for (let i = 0; i < n; i++) {',
    '    const yh = YH[i], yv = Y[i];',
    width > 0 ? `    const o = i * ${width};` : '',
    ...body.map((line) => `    ${line}`),
    ...writes.map((line) => `    ${line}`),
    '  }',
    '};',
  ].filter(Boolean);
  return { source: source.join('\n'), records };
}

/**
 * A loss compiled once into generated JavaScript that fills, for n rows, the loss and its
 * derivatives into caller-owned typed arrays without allocating per row.
 */
export class CompiledLoss {
  /** Every parameter the expression uses: the order of `parameterVector`. */
  readonly parameters: readonly string[];
  /** The parameters of the ∂/∂φ and ∂²/∂ŷ∂φ columns. */
  readonly differentiated: readonly string[];
  private readonly kernels = new Map<number, Kernel>();
  private derivatives?: { dYhat: Expr; dParameters: Expr[]; mixed: Expr[] };

  constructor(readonly expression: Expr, options: CompileOptions = {}) {
    this.parameters = [...new Set(parametersOf(expression))];
    this.differentiated = options.differentiate ?? this.parameters;
    for (const name of this.differentiated) if (!this.parameters.includes(name)) this.parameters = [...this.parameters, name];
  }

  /** The symbolic derivative expressions the kernels compute. */
  derivativeExpressions(): { dYhat: Expr; dParameters: Expr[]; mixed: Expr[] } {
    if (!this.derivatives) {
      const leaves = this.differentiated.map((name) => parameter(name));
      const [dYhat, ...dParameters] = gradient(this.expression, [YHAT, ...leaves]);
      this.derivatives = { dYhat, dParameters, mixed: leaves.length > 0 ? gradient(dYhat, leaves) : [] };
    }
    return this.derivatives;
  }

  parameterVector(values: Readonly<Record<string, number>> = {}): Float64Array {
    return Float64Array.from(this.parameters, (name) => parameterValue(name, values));
  }

  /** Fills rows [0, n) of the given outputs; parameter values default to eps = 1e-6, φ = 1. */
  evaluate(rows: LossRows, outputs: LossOutputs, parameters?: Readonly<Record<string, number>> | Float64Array, n = rows.yhat.length): void {
    const width = this.differentiated.length;
    const check = (name: string, buffer: RealArray | undefined, size: number) => {
      if (buffer && buffer.length < size) throw new ExpressionError(`output ${name} holds ${buffer.length} values, ${size} needed`);
    };
    if (rows.y.length < n || rows.yhat.length < n) throw new ExpressionError(`${n} rows asked for, inputs hold ${Math.min(rows.y.length, rows.yhat.length)}`);
    check('loss', outputs.loss, n);
    check('dYhat', outputs.dYhat, n);
    check('dParameters', outputs.dParameters, n * width);
    check('dYhatdParameters', outputs.dYhatdParameters, n * width);
    const values = parameters instanceof Float64Array ? parameters : this.parameterVector(parameters);
    this.kernel(outputs)(n, rows.yhat, rows.y, values, outputs.loss ?? null, outputs.dYhat ?? null,
      outputs.dParameters ?? null, outputs.dYhatdParameters ?? null);
  }

  /** The generated source for a set of outputs (for inspection and tests). */
  source(outputs: LossOutputs): string {
    return this.build(outputs).source;
  }

  private kernel(outputs: LossOutputs): Kernel {
    const mask = (outputs.loss ? 1 : 0) | (outputs.dYhat ? 2 : 0) | (outputs.dParameters ? 4 : 0) | (outputs.dYhatdParameters ? 8 : 0);
    let kernel = this.kernels.get(mask);
    if (!kernel) {
      const { source, records } = this.build(outputs);
      kernel = new Function('K', 'R', source)(kernels, records) as Kernel;
      this.kernels.set(mask, kernel);
    }
    return kernel;
  }

  private build(outputs: LossOutputs): { source: string; records: OperatorRecord[] } {
    const wanted: Array<{ target: string; expr: Expr; column?: number }> = [];
    if (outputs.loss) wanted.push({ target: 'L', expr: this.expression });
    if (outputs.dYhat || outputs.dParameters || outputs.dYhatdParameters) {
      const derivatives = this.derivativeExpressions();
      if (outputs.dYhat) wanted.push({ target: 'D', expr: derivatives.dYhat });
      if (outputs.dParameters) derivatives.dParameters.forEach((expr, column) => wanted.push({ target: 'G', expr, column }));
      if (outputs.dYhatdParameters) derivatives.mixed.forEach((expr, column) => wanted.push({ target: 'M', expr, column }));
    }
    return generate(wanted, this.parameters, this.differentiated.length);
  }
}

/** Compiles an expression (see `CompiledLoss`). */
export function compileLoss(expr: Expr, options?: CompileOptions): CompiledLoss {
  return new CompiledLoss(expr, options);
}
