import { RecsearchError, type CandidateValue, type Json, type Rng, type SearchStrategy } from '@recsearch/core';
import { canonicalKey, printExpression, randomExpression, treeSize, type OperatorTable } from '@recsearch/expr';

export interface RandomExpressionOptions {
  /** Operator names from the run's table (default: AutoLossGen's nine). */
  operators: string[];
  maxDepth: number;
  /** Expressions with more nodes are drawn again. */
  maxSize: number;
}

/**
 * Uniform random loss expressions of bounded size over ŷ, y and constants: the baseline every
 * loss-search strategy must beat. Expressions without ŷ are drawn again (they cannot train).
 */
export class RandomExpressions implements SearchStrategy {
  readonly candidateKind = 'expression';
  private proposed = 0;

  constructor(private readonly options: RandomExpressionOptions, private readonly table: OperatorTable, private readonly rng: Rng) {
    const unknown = options.operators.filter((name) => !table.get(name));
    if (unknown.length) throw new RecsearchError(`unknown operators ${unknown.join(', ')}; see \`recsearch operators\``);
  }

  ask(count: number): CandidateValue[] {
    const operators = this.options.operators.map((name) => this.table.require(name));
    return Array.from({ length: count }, () => {
      this.proposed++;
      for (;;) {
        const expr = randomExpression(this.rng, { operators, maxDepth: this.options.maxDepth });
        const source = printExpression(expr);
        if (treeSize(expr) > this.options.maxSize || !/\byhat\b/.test(source)) continue;
        return { kind: 'expression' as const, expression: source, key: canonicalKey(expr) };
      }
    });
  }

  tell(): void {
    // Random search learns nothing from verdicts.
  }

  snapshot(): Json {
    return { proposed: this.proposed };
  }

  restore(snapshot: Json): void {
    this.proposed = (snapshot as { proposed: number }).proposed;
  }
}
