import { definePlugin, RecsearchError, type Candidate, type EvaluationContext, type Evaluator, type Verdict } from '@recsearch/core';
import { RunOperatorTable, validationCheck, type OperatorTable } from '@recsearch/expr';

export interface ValidationCheckOptions {
  /** Synthetic (ŷ, y) pairs, ŷ ~ U(0, 1), y ∈ {0, 1}. */
  pairs: number;
  /** Share of pairs on which ∂f/∂ŷ must have the right sign (the appendix: 0.9; the body: all). */
  rate: number;
  seed: number;
  eps: number;
}

/**
 * AutoLossGen's Phase II: a loss passes when ∂f/∂ŷ ≥ 0 for y = 0 and ≤ 0 for y = 1 on at least
 * `rate` of the pairs. Keeps the reward the earlier stages gave, so survivors stay ranked.
 */
export class ValidationCheck implements Evaluator {
  readonly accepts = ['expression'] as const;

  constructor(private readonly options: ValidationCheckOptions, private readonly table: OperatorTable) {}

  evaluate(candidate: Candidate, context: EvaluationContext): Verdict {
    if (candidate.kind !== 'expression') throw new RecsearchError('the validation check takes loss expressions');
    const { pairs, rate, seed, eps } = this.options;
    const result = validationCheck(this.table.parse(candidate.expression), { pairs, rate, seed, parameters: { eps, ...candidate.parameters } });
    const reward = context.earlier.at(-1)?.reward ?? result.passRate;
    const metrics = { passRate: result.passRate };
    return result.pass
      ? { pass: true, reward, metrics }
      : { pass: false, reward, reason: `right gradient sign on ${(100 * result.passRate).toFixed(1)}% of pairs, below ${100 * rate}%`, metrics };
  }
}

export const { manifest, containerModule } = definePlugin<ValidationCheckOptions, ValidationCheck>(
  {
    id: 'validation-check',
    kind: 'evaluator',
    description: 'AutoLossGen Phase II: ∂f/∂ŷ must push ŷ toward y on a share of 2,000 seeded synthetic pairs.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        pairs: { type: 'integer', minimum: 1, default: 2000 },
        rate: { type: 'number', minimum: 0, maximum: 1, default: 0.9 },
        seed: { type: 'integer', default: 0 },
        eps: { type: 'number', exclusiveMinimum: 0, default: 1e-6 },
      },
    },
  },
  ({ options, service }) => new ValidationCheck(options, service<OperatorTable>(RunOperatorTable)),
);
