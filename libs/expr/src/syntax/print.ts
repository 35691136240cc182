import type { Expr } from '../expression/expr';
import type { OperatorRecord } from '../operators/operator-record';

// Precedence: 1 + −, 2 * /, 3 unary − (and negative constants), 4 ^2, 5 atoms and calls.
const ATOM = 5;

export interface PrintOptions {
  /** `exact` (default) prints every constant so that it reads back to the same double; `short` rounds to 6 digits. */
  numbers?: 'exact' | 'short';
}

interface Printed {
  text: string;
  precedence: number;
}

interface Style {
  number(value: number): string;
  leaf(node: Expr): string;
  group(text: string): string;
  /** Whether `/` groups its operands itself (LaTeX \frac), so they never need parentheses. */
  fractionGroups: boolean;
  render(op: OperatorRecord, args: readonly string[]): string;
}

function printWith(expr: Expr, style: Style): string {
  const memo = new Map<number, Printed>();
  const visit = (node: Expr): Printed => {
    const known = memo.get(node.id);
    if (known) return known;
    let printed: Printed;
    if (node.kind === 'number') {
      printed = { text: style.number(node.value), precedence: node.value < 0 ? 3 : ATOM };
    } else if (node.kind !== 'apply') {
      printed = { text: style.leaf(node), precedence: ATOM };
    } else {
      const args = node.args.map(visit);
      const infix = node.op.infix;
      const wrap = (arg: Printed, needed: boolean) => (needed ? style.group(arg.text) : arg.text);
      if (!infix) {
        printed = { text: '', precedence: ATOM };
        printed.text = style.render(node.op, args.map((arg) => arg.text));
      } else if (infix.symbol === 'neg') {
        const operand = node.args[0];
        printed = { text: style.render(node.op, [wrap(args[0], args[0].precedence < 4 || operand.kind === 'number')]), precedence: 3 };
      } else if (infix.symbol === '^2') {
        printed = { text: style.render(node.op, [wrap(args[0], args[0].precedence < ATOM)]), precedence: 4 };
      } else {
        const p = infix.precedence;
        const grouped = infix.symbol === '/' && style.fractionGroups;
        printed = {
          text: style.render(node.op, [wrap(args[0], !grouped && args[0].precedence < p), wrap(args[1], !grouped && args[1].precedence <= p)]),
          precedence: grouped ? ATOM : p,
        };
      }
    }
    memo.set(node.id, printed);
    return printed;
  };
  return visit(expr).text;
}

const plainStyle = (numbers: 'exact' | 'short'): Style => ({
  number: (value) => (numbers === 'exact' ? String(value) : String(Number(value.toPrecision(6)))),
  leaf: (node) => (node.kind === 'variable' || node.kind === 'parameter' ? node.name : ''),
  group: (text) => `(${text})`,
  fractionGroups: false,
  render: (op, args) => op.print(args),
});

/**
 * Readable infix, e.g. `max((yhat + eps) / (y + eps), (y + eps) / (yhat + eps))`. With exact
 * numbers (the default) the parser reads it back to the very same expression.
 */
export function printExpression(expr: Expr, options: PrintOptions = {}): string {
  return printWith(expr, plainStyle(options.numbers ?? 'exact'));
}

function latexNumber(value: number): string {
  const text = String(Number(value.toPrecision(6)));
  const match = /^(-?[\d.]+)e([+-]?\d+)$/.exec(text);
  return match ? `${match[1]} \\times 10^{${Number(match[2])}}` : text;
}

function latexLeaf(node: Expr): string {
  if (node.kind === 'variable') return node.name === 'yhat' ? '\\hat{y}' : 'y';
  if (node.kind !== 'parameter') return '';
  if (node.name === 'eps') return '\\epsilon';
  const weight = /^phi(\d*)$/.exec(node.name);
  if (weight) return weight[1] ? `\\phi_{${weight[1]}}` : '\\phi';
  return `\\mathit{${node.name.replace(/_/g, '\\_')}}`;
}

export function printLatex(expr: Expr): string {
  return printWith(expr, {
    number: latexNumber,
    leaf: latexLeaf,
    group: (text) => `\\left(${text}\\right)`,
    fractionGroups: true,
    render: (op, args) => op.latex(args),
  });
}
