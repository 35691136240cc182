import type { LossGradient } from '@recsearch/compute';
import { compileLoss, defaultOperatorTable, isNamedLoss, NAMED_LOSSES, type CompiledLoss, type OperatorTable } from '@recsearch/expr';

export interface ResolvedLoss {
  /** The expression as the parser reads it back. */
  source: string;
  compiled: CompiledLoss;
  /** Per-row loss and ∂loss/∂ŷ, in the shape the trainer calls. */
  gradient: LossGradient;
}

/** A named loss or an expression, compiled once, with its parameters (eps, …) bound. */
export function resolveLoss(loss: string, parameters: Record<string, number>, table: OperatorTable = defaultOperatorTable()): ResolvedLoss {
  const key = loss.toLowerCase();
  const source = isNamedLoss(key) ? NAMED_LOSSES[key].source : loss;
  const compiled = compileLoss(table.parse(source), { differentiate: [] });
  const bound = compiled.parameterVector(parameters);
  return {
    source,
    compiled,
    gradient: (yhat, y, n, lossOut, gradOut) => compiled.evaluate({ yhat, y }, { loss: lossOut, dYhat: gradOut }, bound, n),
  };
}
