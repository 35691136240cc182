export type ParamValue = number | string | boolean;

/** A point in a hyperparameter box (or any named real/integer/categorical parameters). */
export interface ParamsCandidate {
  kind: 'params';
  params: Record<string, ParamValue>;
}

/** A loss expression in the form the expression parser reads back exactly. */
export interface ExpressionCandidate {
  kind: 'expression';
  expression: string;
  /** Canonical key: equal for algebraically equal expressions (set by the proposer when known). */
  key?: string;
  /** Values of the expression's learnable parameters (e.g. EvoMAL's per-node weights). */
  parameters?: Record<string, number>;
}

export type CandidateValue = ParamsCandidate | ExpressionCandidate;
export type CandidateKind = CandidateValue['kind'];

/** A proposal with the identity the runner gave it: `id` is unique in the run, `index` counts from 0. */
export type Candidate = CandidateValue & { id: string; index: number };

export type Awaitable<T> = T | Promise<T>;

/** JSON-serialisable data, as snapshots and checkpoints hold. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
