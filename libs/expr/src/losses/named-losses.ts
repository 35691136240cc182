import { RecsearchError } from '@recsearch/core';
import type { Expr } from '../expression/expr';
import { defaultOperatorTable } from '../operators/default-table';
import type { OperatorTable } from '../operators/table';

export interface NamedLoss {
  name: string;
  description: string;
  /** The loss in the expression language; `eps` is its smoothing or clipping parameter. */
  source: string;
}

// ŷ clipped to [ε, 1 − ε], as BCE and Focal need; hash-consing shares it between uses.
const clipped = 'min(max(yhat, eps), 1 - eps)';

export const NAMED_LOSSES = {
  mse: { name: 'MSE', description: 'squared error (ŷ − y)²', source: '(yhat - y)^2' },
  bce: {
    name: 'BCE',
    description: 'binary cross-entropy with ŷ clipped to [ε, 1 − ε]',
    source: `-(y * log(${clipped}) + (1 - y) * log(1 - ${clipped}))`,
  },
  hinge: {
    name: 'Hinge',
    description: 'hinge on the score 2ŷ − 1 with target 2y − 1',
    source: 'max(0, 1 - (2 * y - 1) * (2 * yhat - 1))',
  },
  focal: {
    name: 'Focal',
    description: 'focal loss, γ = 2, no α, ŷ clipped to [ε, 1 − ε]',
    source: `-(y * (1 - ${clipped})^2 * log(${clipped}) + (1 - y) * ${clipped}^2 * log(1 - ${clipped}))`,
  },
  maxr: { name: 'MaxR', description: 'AutoLossGen found loss', source: 'max((yhat + eps) / (y + eps), (y + eps) / (yhat + eps))' },
  sumr: { name: 'SumR', description: 'AutoLossGen found loss', source: '(yhat + y + eps) / (yhat * y + eps)' },
  logmin: {
    name: 'LogMin',
    description: 'AutoLossGen found loss',
    source: 'log((1 + eps) / (min(yhat, y) + eps)) * (yhat + y + min(yhat, y))',
  },
} as const satisfies Record<string, NamedLoss>;

export type NamedLossId = keyof typeof NAMED_LOSSES;

export function isNamedLoss(name: string): name is NamedLossId {
  return Object.prototype.hasOwnProperty.call(NAMED_LOSSES, name);
}

/** A named loss as an expression (ε is the parameter `eps`, default 1e-6). */
export function namedLoss(id: string, table: OperatorTable = defaultOperatorTable()): Expr {
  const key = id.toLowerCase();
  if (!isNamedLoss(key)) throw new RecsearchError(`unknown loss ${id}; known: ${Object.keys(NAMED_LOSSES).join(', ')}`);
  return table.parse(NAMED_LOSSES[key].source);
}
