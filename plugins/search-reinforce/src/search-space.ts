import { ConfigError, RecsearchError, type ConfigProblem } from '@recsearch/core';
import { apply, ExpressionSyntaxError, type Expr, type OperatorRecord, type OperatorTable } from '@recsearch/expr';

/**
 * AutoLossGen's space: S starts with the initial variables; each round appends
 * operator(operands from S); the last variable is the loss.
 */
export interface SearchSpace {
  readonly operators: readonly OperatorRecord[];
  readonly initial: readonly Expr[];
  readonly rounds: number;
  /** Largest |S| an operand is chosen from (at the last round). */
  readonly maxChoices: number;
  readonly maxArity: number;
}

/** One sampled loss as the controller's decisions: per round, an operator index and operand indices into S. */
export interface Decisions {
  ops: number[];
  operands: number[][];
  /** reference-code only: the operators it also samples (and ignores) at the initial variables' positions. */
  leafOps?: number[];
}

export function buildSearchSpace(
  table: OperatorTable,
  settings: { operators: readonly string[]; initialVariables: readonly string[]; maxVariables: number },
): SearchSpace {
  const problems: ConfigProblem[] = [];
  const operators: OperatorRecord[] = [];
  settings.operators.forEach((name, i) => {
    const op = table.get(name);
    if (!op || op.internal) problems.push({ jsonPath: `/search/operators/${i}`, message: `unknown operator ${name}`, found: name });
    else operators.push(op);
  });
  const initial: Expr[] = [];
  settings.initialVariables.forEach((source, i) => {
    try {
      initial.push(table.parse(source));
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      problems.push({ jsonPath: `/search/initialVariables/${i}`, message: error.message, found: source });
    }
  });
  const rounds = settings.maxVariables - settings.initialVariables.length;
  if (rounds < 1) {
    problems.push({
      jsonPath: '/search/maxVariables',
      message: `must exceed the ${settings.initialVariables.length} initial variables (it counts them)`,
      found: settings.maxVariables,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems, 'invalid reinforce search options');
  return {
    operators,
    initial,
    rounds,
    maxChoices: settings.maxVariables - 1,
    maxArity: Math.max(...operators.map((op) => op.arity)),
  };
}

/** The variable set S after every round of `decisions`; its last member is the loss. */
export function buildVariables(space: SearchSpace, decisions: Decisions): Expr[] {
  const variables = [...space.initial];
  decisions.ops.forEach((opIndex, round) => {
    const op = space.operators[opIndex];
    const operands = decisions.operands[round];
    if (!op || operands.length !== op.arity || operands.some((i) => i < 0 || i >= variables.length)) {
      throw new RecsearchError(`invalid decisions at round ${round}: operator ${opIndex}, operands ${operands.join(', ')} of ${variables.length}`);
    }
    variables.push(apply(op, operands.map((i) => variables[i])));
  });
  return variables;
}

export function buildLoss(space: SearchSpace, decisions: Decisions): Expr {
  const variables = buildVariables(space, decisions);
  return variables[variables.length - 1];
}
