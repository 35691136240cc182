import type { Expr } from '../expression/expr';
import { isBuiltinParameter } from '../expression/parameters';
import { apply, num, parameter, Y, YHAT } from '../expression/pool';
import { add, div, mul, neg, square, sub } from '../operators/arithmetic';
import type { OperatorRecord } from '../operators/operator-record';
import { syntaxError, tokenize, type Token, type TokenKind } from './tokenize';

/** What the parser needs of an operator table. */
export interface OperatorLookup {
  get(name: string): OperatorRecord | undefined;
}

export interface ParseOptions {
  /** Names that are parameters besides eps and phi<N> (e.g. a composite's formal operands). */
  parameters?: readonly string[];
  /** Whether ŷ and y may appear (false inside a composite operator's formula). */
  variables?: boolean;
  /** Whether eps and phi<N> are parameters without being declared. */
  builtinParameters?: boolean;
}

const describe = (token: Token): string =>
  token.kind === 'end' ? 'end of input' : token.kind === 'number' || token.kind === 'name' ? `"${token.text}"` : `"${token.text}"`;

/**
 * Reads the infix language: `+ - * /`, unary `-`, `^2`, calls `name(a, b)`, parentheses,
 * numbers, `yhat`/`ŷ`, `y`, and parameters. The structure built is exactly what was written.
 */
export function parseExpression(source: string, table: OperatorLookup, options: ParseOptions = {}): Expr {
  const tokens = tokenize(source);
  const declared = new Set(options.parameters ?? []);
  const variables = options.variables ?? true;
  const builtinParameters = options.builtinParameters ?? true;
  let index = 0;

  const peek = (ahead = 0): Token => tokens[Math.min(index + ahead, tokens.length - 1)];
  const next = (): Token => tokens[index++];
  const fail = (token: Token, reason: string): never => {
    throw syntaxError(source, token.offset, reason);
  };
  const expect = (kind: TokenKind, what: string): Token => {
    const token = peek();
    if (token.kind !== kind) fail(token, `expected ${what} but found ${describe(token)}`);
    return next();
  };

  function additive(): Expr {
    let left = multiplicative();
    while (peek().kind === '+' || peek().kind === '-') {
      const op = next().kind === '+' ? add : sub;
      left = apply(op, [left, multiplicative()]);
    }
    return left;
  }

  function multiplicative(): Expr {
    let left = unary();
    while (peek().kind === '*' || peek().kind === '/') {
      const op = next().kind === '*' ? mul : div;
      left = apply(op, [left, unary()]);
    }
    return left;
  }

  function unary(): Expr {
    if (peek().kind !== '-') return power();
    next();
    // "-2" is the constant −2, but "-2^2" is −(2²) and "-(2)" is neg(2), as printing writes them.
    if (peek().kind === 'number' && peek(1).kind !== '^') return num(-(next().value as number));
    return apply(neg, [unary()]);
  }

  function power(): Expr {
    const base = primary();
    if (peek().kind !== '^') return base;
    next();
    const exponent = peek();
    if (exponent.kind !== 'number' || exponent.value !== 2) fail(exponent, `expected 2 after "^" (only squares are written with ^) but found ${describe(exponent)}`);
    next();
    return apply(square, [base]);
  }

  function primary(): Expr {
    const token = peek();
    if (token.kind === 'number') {
      next();
      return num(token.value as number);
    }
    if (token.kind === '(') {
      next();
      const inner = additive();
      expect(')', '")"');
      return inner;
    }
    if (token.kind === 'name') {
      next();
      if (peek().kind === '(') return call(token);
      return name(token);
    }
    return fail(token, `expected a number, a name or "(" but found ${describe(token)}`);
  }

  function call(nameToken: Token): Expr {
    const op = table.get(nameToken.text);
    if (!op) fail(nameToken, `unknown operator "${nameToken.text}"`);
    next();
    const args: Expr[] = [];
    if (peek().kind !== ')') {
      args.push(additive());
      while (peek().kind === ',') {
        next();
        args.push(additive());
      }
    }
    expect(')', args.length === 0 ? 'an operand or ")"' : '"," or ")"');
    const record = op as OperatorRecord;
    if (args.length !== record.arity) {
      fail(nameToken, `operator ${record.name} takes ${record.arity} operand(s) but got ${args.length}`);
    }
    return apply(record, args);
  }

  function name(token: Token): Expr {
    const text = token.text;
    if (declared.has(text)) return parameter(text);
    if (variables && (text === 'yhat' || text === 'y')) return text === 'yhat' ? YHAT : Y;
    if (builtinParameters && isBuiltinParameter(text)) return parameter(text);
    const allowed = [variables ? 'yhat, y' : '', ...declared, builtinParameters ? 'eps, phi<N>' : ''].filter(Boolean).join(', ');
    return fail(token, `unknown name "${text}"; expected ${allowed ? `one of ${allowed}, ` : ''}a number or an operator call`);
  }

  const expr = additive();
  const rest = peek();
  if (rest.kind !== 'end') fail(rest, `expected an operator or end of input but found ${describe(rest)}`);
  return expr;
}
