import { RecsearchError } from '@recsearch/core';
import type { OperatorRecord } from '../operators/operator-record';
import {
  DEPENDS_ON_PARAMETER,
  DEPENDS_ON_Y,
  DEPENDS_ON_YHAT,
  type ApplyExpr,
  type Expr,
  type NumberExpr,
  type ParameterExpr,
  type VariableExpr,
  type VariableName,
} from './expr';

/** An expression that cannot be built (wrong operand count, non-finite constant). */
export class ExpressionError extends RecsearchError {}

// Hash-consing: one live node per structure. Entries are weak so that a long search does not
// keep every expression it ever proposed alive.
const interned = new Map<string, WeakRef<Expr>>();
const cleanup = new FinalizationRegistry<string>((key) => {
  if (interned.get(key)?.deref() === undefined) interned.delete(key);
});
let nextId = 1;
const recordIds = new WeakMap<object, number>();
let nextRecordId = 1;

function recordId(op: OperatorRecord): number {
  let id = recordIds.get(op);
  if (id === undefined) {
    id = nextRecordId++;
    recordIds.set(op, id);
  }
  return id;
}

function intern<T extends Expr>(key: string, make: (id: number) => T): T {
  const found = interned.get(key)?.deref();
  if (found) return found as T;
  const node = make(nextId++);
  interned.set(key, new WeakRef(node));
  cleanup.register(node, key);
  return node;
}

export function num(value: number): NumberExpr {
  if (!Number.isFinite(value)) throw new ExpressionError(`a constant must be a finite number, got ${value}`);
  const normal = value === 0 ? 0 : value;
  return intern(`n${normal}`, (id) => ({ kind: 'number', id, deps: 0, value: normal }));
}

export function variable(name: VariableName): VariableExpr {
  const deps = name === 'yhat' ? DEPENDS_ON_YHAT : DEPENDS_ON_Y;
  return intern(`v${name}`, (id) => ({ kind: 'variable', id, deps, name }));
}

export function parameter(name: string): ParameterExpr {
  return intern(`p${name}`, (id) => ({ kind: 'parameter', id, deps: DEPENDS_ON_PARAMETER, name }));
}

/** `op` applied to `args`, exactly as given (no simplification). */
export function apply(op: OperatorRecord, args: readonly Expr[]): ApplyExpr {
  if (args.length !== op.arity) {
    throw new ExpressionError(`operator ${op.name} takes ${op.arity} operand(s), got ${args.length}`);
  }
  let key = `a${recordId(op)}`;
  let deps = 0;
  for (const arg of args) {
    key += `,${arg.id}`;
    deps |= arg.deps;
  }
  return intern(key, (id) => ({ kind: 'apply', id, deps, op, args: [...args] }));
}

export const YHAT = variable('yhat');
export const Y = variable('y');
export const ZERO = num(0);
export const ONE = num(1);
