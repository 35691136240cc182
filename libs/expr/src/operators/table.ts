import { ConfigError, PluginError, type ConfigProblem, type Operator } from '@recsearch/core';
import type { Tensor } from '@tensorflow/tfjs';
import type { Expr } from '../expression/expr';
import { ExpressionError } from '../expression/pool';
import { parseExpression, type OperatorLookup, type ParseOptions } from '../syntax/parse';
import { ExpressionSyntaxError } from '../syntax/syntax-error';
import { tokenize } from '../syntax/tokenize';
import { arithmeticOperators } from './arithmetic';
import { autolossgenOperators, type ClampMode } from './autolossgen';
import { compositeOperator } from './composite';
import { evomalExtraOperators } from './evomal';
import { internalOperators } from './internal';
import type { OperatorRecord } from './operator-record';

/** An operator declared in a config: `{ "name": "softplus", "params": ["x"], "formula": "log(1 + exp(x))" }`. */
export interface CompositeDefinition {
  name: string;
  params: readonly string[];
  formula: string;
}

export interface OperatorTableOptions {
  /** Semantics of AutoLossGen's nine operators (default `paper`). */
  clamp?: ClampMode;
  /** Operator records contributed by plugins. */
  operators?: readonly Operator[];
  /** Composite operators from the config. */
  composites?: readonly CompositeDefinition[];
  /** JSON path of the composites list, for error locations (default `/operators`). */
  jsonPath?: string;
  /** The config file, for error locations. */
  file?: string;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
const reservedNames = new Set(['yhat', 'y']);

/** A plugin's operator as a record; only the core contract is required of it. */
function pluginRecord(op: Operator): OperatorRecord {
  const problem = !identifier.test(op.name ?? '')
    ? 'its name must be an identifier'
    : !Number.isInteger(op.arity) || op.arity < 1
      ? 'its arity must be a positive integer'
      : typeof op.value !== 'function' || typeof op.derivative !== 'function'
        ? 'it needs value and derivative functions'
        : undefined;
  if (problem) throw new PluginError(`operator ${String(op.name)}`, problem);
  const extra = op as Partial<OperatorRecord>;
  return {
    name: op.name,
    arity: op.arity,
    family: extra.family ?? 'plugin',
    formula: op.formula,
    algebra: extra.algebra,
    js: extra.js,
    partial: extra.partial,
    value: (...args: number[]) => op.value(...args),
    derivative: (args, i) => op.derivative(args, i),
    print: (args) => op.print(args),
    latex: (args) => op.latex(args),
    tfjs: op.tfjs ? (...args: Tensor[]) => op.tfjs?.(...args) as Tensor : undefined,
  };
}

/** The operators an expression may use: built-ins, then plugin operators, then config composites. */
export class OperatorTable implements OperatorLookup {
  private constructor(
    readonly clamp: ClampMode,
    private readonly records: ReadonlyMap<string, OperatorRecord>,
  ) {}

  static create(options: OperatorTableOptions = {}): OperatorTable {
    const clamp = options.clamp ?? 'paper';
    const records = new Map<string, OperatorRecord>();
    for (const op of [...arithmeticOperators, ...evomalExtraOperators, ...internalOperators, ...autolossgenOperators(clamp)]) {
      records.set(op.name, op);
    }
    for (const op of options.operators ?? []) {
      const record = pluginRecord(op);
      if (records.has(record.name)) throw new PluginError(`operator ${record.name}`, 'an operator of this name already exists');
      records.set(record.name, record);
    }
    defineComposites(records, options);
    return new OperatorTable(clamp, records);
  }

  get(name: string): OperatorRecord | undefined {
    return this.records.get(name);
  }

  require(name: string): OperatorRecord {
    const op = this.records.get(name);
    if (!op) throw new ExpressionError(`unknown operator ${name}`);
    return op;
  }

  /** The listed operators (internal helpers left out unless asked for). */
  list(options: { internal?: boolean } = {}): OperatorRecord[] {
    return [...this.records.values()].filter((op) => options.internal || !op.internal);
  }

  parse(source: string, options?: ParseOptions): Expr {
    return parseExpression(source, this, options);
  }
}

function defineComposites(records: Map<string, OperatorRecord>, options: OperatorTableOptions): void {
  const definitions = options.composites ?? [];
  const base = options.jsonPath ?? '/operators';
  const problems: ConfigProblem[] = [];
  const problem = (index: number, field: string, message: string, found?: unknown) =>
    problems.push({ file: options.file, jsonPath: `${base}/${index}/${field}`, message, found });

  const byName = new Map<string, number>();
  const references = new Map<number, string[]>();
  definitions.forEach((definition, index) => {
    const { name, params, formula } = definition;
    if (typeof name !== 'string' || !identifier.test(name)) problem(index, 'name', 'expected an identifier', name);
    else if (records.has(name)) problem(index, 'name', `an operator named ${name} already exists`, name);
    else if (byName.has(name)) problem(index, 'name', `operator ${name} is defined twice`, name);
    else byName.set(name, index);
    if (!Array.isArray(params) || params.length === 0 || params.some((p) => typeof p !== 'string' || !identifier.test(p) || reservedNames.has(p))) {
      problem(index, 'params', 'expected a non-empty list of operand names (identifiers other than yhat and y)', params);
    } else if (new Set(params).size !== params.length) problem(index, 'params', 'operand names must be distinct', params);
    if (typeof formula !== 'string') {
      problem(index, 'formula', 'expected a formula string', formula);
      return;
    }
    try {
      const tokens = tokenize(formula);
      references.set(index, tokens.filter((t, k) => t.kind === 'name' && tokens[k + 1]?.kind === '(').map((t) => t.text));
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      problem(index, 'formula', error.message, formula);
      invalid.add(index);
    }
  });

  const order = compositeOrder(definitions, byName, references, (index, cycle) =>
    problem(index, 'formula', `operators defined in a cycle: ${cycle.join(' → ')}`, definitions[index].formula),
  );
  const invalid = new Set(problems.map((p) => Number(p.jsonPath?.slice(base.length + 1).split('/')[0])));
  for (const index of order) {
    // A definition that uses an invalid one is not reported again.
    const uses = (references.get(index) ?? []).map((name) => byName.get(name));
    if (invalid.has(index) || uses.some((used) => used !== undefined && invalid.has(used))) {
      invalid.add(index);
      continue;
    }
    const { name, params, formula } = definitions[index];
    try {
      const body = parseExpression(formula, { get: (n) => records.get(n) }, { parameters: params, variables: false, builtinParameters: false });
      records.set(name, compositeOperator({ name, params, body, formula, family: 'config' }));
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      problem(index, 'formula', error.message, formula);
      invalid.add(index);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems, 'invalid operator definitions');
}

/** Definitions ordered so that each comes after the composites it uses; reports cycles. */
function compositeOrder(
  definitions: readonly CompositeDefinition[],
  byName: ReadonlyMap<string, number>,
  references: ReadonlyMap<number, string[]>,
  onCycle: (index: number, cycle: string[]) => void,
): number[] {
  const order: number[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (index: number, path: number[]): void => {
    if (state.get(index) === 'done') return;
    if (state.get(index) === 'visiting') {
      const cycle = path.slice(path.indexOf(index)).concat(index).map((i) => definitions[i].name);
      onCycle(index, cycle);
      return;
    }
    state.set(index, 'visiting');
    for (const name of references.get(index) ?? []) {
      const dependency = byName.get(name);
      if (dependency !== undefined) visit(dependency, [...path, index]);
    }
    state.set(index, 'done');
    order.push(index);
  };
  for (const index of byName.values()) visit(index, []);
  return order;
}
