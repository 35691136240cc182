import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { readFileSync } from 'node:fs';
import { ConfigError, type ConfigProblem, type Location } from '../errors';

type Segment = string | number;
/** jsonc-parser wants array indices as numbers; JSON pointers give them as digits. */
const segments = (path: readonly Segment[]): Segment[] => path.map((part) => (typeof part === 'string' && /^\d+$/.test(part) ? Number(part) : part));

/** One JSON document a config was built from, kept so problems can point at file:line. */
export class ConfigSource {
  private constructor(
    readonly file: string,
    private readonly text: string,
    private readonly tree: Node | undefined,
    readonly value: unknown,
    /** False for documents made from the command line, where a line number would mean nothing. */
    private readonly hasPositions = true,
  ) {}

  /** Reads and parses a JSON file; a syntax error is a ConfigError at file:line:column. */
  static read(file: string): ConfigSource {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
      throw new ConfigError([{ file, message: reason }], 'cannot read configuration');
    }
    return ConfigSource.parse(file, text);
  }

  /** A document made in memory (e.g. from `--set path=value`), located by name only. */
  static synthetic(name: string, value: unknown): ConfigSource {
    const text = JSON.stringify(value);
    return new ConfigSource(name, text, parseTree(text), value, false);
  }

  static parse(file: string, text: string): ConfigSource {
    const errors: ParseError[] = [];
    const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    if (errors.length) {
      const source = new ConfigSource(file, text, undefined, undefined);
      const problems = errors.map((error) => ({
        ...source.locateOffset(error.offset),
        message: `invalid JSON: ${printParseErrorCode(error.error)}`,
      }));
      throw new ConfigError(problems, 'cannot parse configuration');
    }
    return new ConfigSource(file, text, tree, JSON.parse(text));
  }

  /** file:line:column of the deepest node on `path` that this document has, if any. */
  locate(path: readonly Segment[]): Location | undefined {
    if (!this.tree) return undefined;
    for (let depth = path.length; depth >= 0; depth--) {
      const node = findNodeAtLocation(this.tree, segments(path.slice(0, depth)));
      if (node) return this.locateOffset(node.parent?.type === 'property' ? node.parent.offset : node.offset, depth);
    }
    return undefined;
  }

  /** How many leading segments of `path` exist in this document. */
  depthOf(path: readonly Segment[]): number {
    if (!this.tree) return -1;
    for (let depth = path.length; depth > 0; depth--) {
      if (findNodeAtLocation(this.tree, segments(path.slice(0, depth)))) return depth;
    }
    return 0;
  }

  private locateOffset(offset: number, _depth = 0): Location {
    if (!this.hasPositions) return { file: this.file };
    const before = this.text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { file: this.file, line, column };
  }
}

export function problemAt(sources: readonly ConfigSource[], path: (string | number)[], problem: ConfigProblem): ConfigProblem {
  // The document that defines the most of the path is the one to blame (later sources win ties).
  let best: ConfigSource | undefined;
  let bestDepth = -1;
  for (const source of sources) {
    const depth = source.depthOf(path);
    if (depth >= bestDepth && depth >= 0) {
      best = source;
      bestDepth = depth;
    }
  }
  return { ...problem, ...(best?.locate(path) ?? {}) };
}
