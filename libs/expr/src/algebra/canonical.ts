import type { Expr } from '../expression/expr';
import { apply, num } from '../expression/pool';
import { add, div, mul, neg, square, sub } from '../operators/arithmetic';
import type { Algebra, OperatorRecord } from '../operators/operator-record';

// The normal form: a value is coef · atom (atom absent for a constant). Sums are flattened,
// like terms combined, sorted, and scaled so that their first term has coefficient 1; products
// are flattened multisets of factors (x² = x·x); commutative operators sort their operands,
// associative ones flatten, idempotent ones drop repeats; constants fold; even/odd operators
// take the sign out; a clamp applied to an already clamped value disappears. Every rule is an
// identity of real arithmetic on finite values (0·x = 0 and x − x = 0 assume x finite).

interface Term {
  coef: number;
  atom: Atom;
}

type Atom =
  | { kind: 'leaf'; key: string; node: Expr }
  | { kind: 'sum'; key: string; terms: Term[]; constant: number }
  | { kind: 'product'; key: string; factors: Atom[] }
  | { kind: 'apply'; key: string; op: OperatorRecord; args: Canon[] };

interface Canon {
  coef: number;
  atom: Atom | null;
}

const constant = (value: number): Canon => ({ coef: value === 0 ? 0 : value, atom: null });
const scaled = (c: Canon, k: number): Canon => (c.atom ? { coef: c.coef * k, atom: c.atom } : constant(c.coef * k));
const keyOf = (c: Canon): string => (c.atom ? (c.coef === 1 ? c.atom.key : `${c.coef}*${c.atom.key}`) : `#${c.coef}`);
const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function sum(parts: readonly Canon[]): Canon {
  const terms = new Map<string, Term>();
  let total = 0;
  const addTerm = (coef: number, atom: Atom) => {
    const existing = terms.get(atom.key);
    if (existing) existing.coef += coef;
    else terms.set(atom.key, { coef, atom });
  };
  for (const part of parts) {
    if (!part.atom) total += part.coef;
    else if (part.atom.kind === 'sum') {
      for (const term of part.atom.terms) addTerm(part.coef * term.coef, term.atom);
      total += part.coef * part.atom.constant;
    } else addTerm(part.coef, part.atom);
  }
  const kept = [...terms.values()].filter((term) => term.coef !== 0).sort((a, b) => byKey(a.atom, b.atom));
  if (kept.length === 0) return constant(total);
  if (kept.length === 1 && total === 0) return { coef: kept[0].coef, atom: kept[0].atom };
  const lead = kept[0].coef;
  const normal = kept.map((term) => ({ coef: term.coef / lead, atom: term.atom }));
  const rest = total / lead;
  const key = `(+ ${normal.map((term) => keyOf(term)).join(' ')}${rest !== 0 ? ` #${rest}` : ''})`;
  return { coef: lead, atom: { kind: 'sum', key, terms: normal, constant: rest === 0 ? 0 : rest } };
}

function product(parts: readonly Canon[]): Canon {
  let coef = 1;
  const factors: Atom[] = [];
  for (const part of parts) {
    coef *= part.coef;
    if (!part.atom) continue;
    if (part.atom.kind === 'product') factors.push(...part.atom.factors);
    else factors.push(part.atom);
  }
  if (coef === 0 || factors.length === 0) return constant(coef);
  if (factors.length === 1) return { coef, atom: factors[0] };
  factors.sort(byKey);
  return { coef, atom: { kind: 'product', key: `(* ${factors.map((f) => f.key).join(' ')})`, factors } };
}

const NO_ALGEBRA: Algebra = {};

function applied(op: OperatorRecord, args: Canon[]): Canon {
  if (args.every((arg) => !arg.atom)) {
    const value = op.value(...args.map((arg) => arg.coef));
    if (Number.isFinite(value)) return constant(value);
  }
  const algebra = op.algebra ?? NO_ALGEBRA;
  if (algebra.projectionOf) {
    const inner = args[0];
    if (inner.coef === 1 && inner.atom?.kind === 'apply' && inner.atom.op.algebra?.clampedBy === algebra.projectionOf) return inner;
  }
  if (algebra.parity && args.length === 1 && args[0].coef < 0) {
    const positive = applied(op, [scaled(args[0], -1)]);
    return algebra.parity === 'even' ? positive : scaled(positive, -1);
  }
  let operands = args;
  if (algebra.associative) {
    operands = operands.flatMap((arg) => (arg.coef === 1 && arg.atom?.kind === 'apply' && arg.atom.op === op ? arg.atom.args : [arg]));
    if (algebra.commutative) {
      const constants = operands.filter((arg) => !arg.atom);
      if (constants.length > 1) {
        const folded = constants.reduce((acc, arg) => constant(op.value(acc.coef, arg.coef)));
        operands = [...operands.filter((arg) => arg.atom), folded];
      }
    }
  }
  let keys = operands.map(keyOf);
  if (algebra.idempotent) {
    const unique = new Map<string, Canon>();
    operands.forEach((arg, i) => unique.set(keys[i], arg));
    operands = [...unique.values()];
    keys = [...unique.keys()];
    if (operands.length === 1) return operands[0];
  }
  if (algebra.commutative && operands.length === 2) {
    if (keys[1] < keys[0]) {
      operands = [operands[1], operands[0]];
      keys = [keys[1], keys[0]];
    }
  } else if (algebra.commutative) {
    const order = operands.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
    operands = order.map((i) => operands[i]);
    keys = order.map((i) => keys[i]);
  }
  return { coef: 1, atom: { kind: 'apply', key: `${op.name}(${keys.join(',')})`, op, args: operands } };
}

function quotient(a: Canon, b: Canon): Canon {
  if (!b.atom && b.coef !== 0) return scaled(a, 1 / b.coef);
  if (!b.atom) return applied(div, [a, b]);
  const numerator = a.atom ? { coef: 1, atom: a.atom } : constant(1);
  const denominator = { coef: 1, atom: b.atom };
  const atom = applied(div, [numerator, denominator]).atom;
  return atom ? { coef: a.coef / b.coef, atom } : constant(0);
}

// Canonical forms are immutable and expressions hash-consed, so a subtree shared between
// expressions (as in a GP population) is normalised once.
const memo = new WeakMap<Expr, Canon>();

function canonicalize(expr: Expr): Canon {
  const known = memo.get(expr);
  if (known) return known;
  let result: Canon;
  if (expr.kind === 'number') result = constant(expr.value);
  else if (expr.kind === 'variable' || expr.kind === 'parameter') {
    result = { coef: 1, atom: { kind: 'leaf', key: expr.kind === 'variable' ? expr.name : `$${expr.name}`, node: expr } };
  } else {
    const args = expr.args.map(canonicalize);
    switch (expr.op) {
      case add:
        result = sum(args);
        break;
      case sub:
        result = sum([args[0], scaled(args[1], -1)]);
        break;
      case neg:
        result = scaled(args[0], -1);
        break;
      case mul:
        result = product(args);
        break;
      case square:
        result = product([args[0], args[0]]);
        break;
      case div:
        result = quotient(args[0], args[1]);
        break;
      default:
        result = applied(expr.op, args);
    }
  }
  memo.set(expr, result);
  return result;
}

/**
 * A string equal for expressions that are equal under always-valid algebra (commutativity,
 * associativity, constant folding, neutral elements, like terms, sign rules, …). Equal keys
 * imply equal values; unequal keys do not prove the expressions differ.
 */
export function canonicalKey(expr: Expr): string {
  return keyOf(canonicalize(expr));
}

function atomExpr(atom: Atom): Expr {
  switch (atom.kind) {
    case 'leaf':
      return atom.node;
    case 'product': {
      const factors = atom.factors.map(atomExpr);
      const out: Expr[] = [];
      for (let i = 0; i < factors.length; i++) {
        if (factors[i + 1] === factors[i]) {
          out.push(apply(square, [factors[i]]));
          i++;
        } else out.push(factors[i]);
      }
      return out.reduce((acc, factor) => apply(mul, [acc, factor]));
    }
    case 'sum': {
      let acc = canonExpr(atom.terms[0]);
      for (const term of [...atom.terms.slice(1), ...(atom.constant !== 0 ? [{ coef: atom.constant, atom: null }] : [])]) {
        acc = term.coef < 0 ? apply(sub, [acc, canonExpr(scaled(term, -1))]) : apply(add, [acc, canonExpr(term)]);
      }
      return acc;
    }
    case 'apply': {
      const args = atom.args.map(canonExpr);
      if (args.length === atom.op.arity) return apply(atom.op, args);
      return args.slice(1).reduce((acc, arg) => apply(atom.op, [acc, arg]), args[0]);
    }
  }
}

function canonExpr(c: Canon): Expr {
  if (!c.atom) return num(c.coef);
  const inner = atomExpr(c.atom);
  if (c.coef === 1) return inner;
  if (c.coef === -1) return apply(neg, [inner]);
  return apply(mul, [num(c.coef), inner]);
}

/** The canonical form as an expression (what `canonicalKey` normalises to), for display. */
export function canonicalForm(expr: Expr): Expr {
  return canonExpr(canonicalize(expr));
}
