import { ExpressionSyntaxError } from './syntax-error';

export type TokenKind = 'number' | 'name' | '+' | '-' | '*' | '/' | '^' | '(' | ')' | ',' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset in the source, for error positions. */
  offset: number;
  value?: number;
}

const numberPattern = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const namePattern = /[A-Za-z_][A-Za-z0-9_]*/y;
const symbols: Record<string, TokenKind> = {
  '+': '+', '-': '-', '\u2212': '-', '*': '*', '\u00b7': '*', '\u00d7': '*', '/': '/', '^': '^', '(': '(', ')': ')', ',': ',',
};
// Unicode spellings of names: ŷ (precomposed; y + combining circumflex is read with the name y), ε, φ.
const unicodeNames: Array<[RegExp, string]> = [
  [/\u0177/y, 'yhat'],
  [/\u03b5/y, 'eps'],
  [/\u03c6(\d*)/y, 'phi'],
];

export function position(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

export function syntaxError(source: string, offset: number, reason: string): ExpressionSyntaxError {
  const { line, column } = position(source, offset);
  return new ExpressionSyntaxError(line, column, reason, source);
}

function matchAt(pattern: RegExp, source: string, offset: number): RegExpExecArray | null {
  pattern.lastIndex = offset;
  return pattern.exec(source);
}

const isNameStart = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isDigitOrDot = (code: number): boolean => (code >= 48 && code <= 57) || code === 46;
const COMBINING_CIRCUMFLEX = 0x0302;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  outer: while (offset < source.length) {
    const code = source.charCodeAt(offset);
    // ASCII names and numbers first: they are nearly every token of a generated loss.
    if (isNameStart(code)) {
      const text = (matchAt(namePattern, source, offset) as RegExpExecArray)[0];
      if (text === 'y' && source.charCodeAt(offset + 1) === COMBINING_CIRCUMFLEX) {
        tokens.push({ kind: 'name', text: 'yhat', offset });
        offset += 2;
      } else {
        tokens.push({ kind: 'name', text, offset });
        offset += text.length;
      }
      continue;
    }
    if (isDigitOrDot(code)) {
      const number = matchAt(numberPattern, source, offset);
      if (number) {
        tokens.push({ kind: 'number', text: number[0], offset, value: Number(number[0]) });
        offset += number[0].length;
        continue;
      }
    }
    const char = source[offset];
    const symbol = symbols[char];
    if (symbol) {
      tokens.push({ kind: symbol, text: char, offset });
      offset++;
      continue;
    }
    if (/\s/.test(char)) {
      offset++;
      continue;
    }
    for (const [pattern, name] of unicodeNames) {
      const match = matchAt(pattern, source, offset);
      if (match) {
        tokens.push({ kind: 'name', text: name + (match[1] ?? ''), offset });
        offset += match[0].length;
        continue outer;
      }
    }
    throw syntaxError(source, offset, `unexpected character ${JSON.stringify(char)}`);
  }
  tokens.push({ kind: 'end', text: '', offset: source.length });
  return tokens;
}
