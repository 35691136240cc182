import { definePlugin, RecsearchError, type Candidate, type EventBus, type Evaluator, type Rng, type Verdict } from '@recsearch/core';
import { NonFiniteLossError } from '@recsearch/compute';
import { RunOperatorTable, type OperatorTable } from '@recsearch/expr';
import { freshModel, resolveLoss, trainModel, TrainingSetup, type TrainingOptions } from '@recsearch/training';

export interface EffectivenessTestOptions {
  /** ε values tried for losses that use `eps`; the best on validation is kept. */
  epsGrid: number[];
  /** Overrides of the run's training section for these runs (default: AutoLossGen's stopping). */
  training: Partial<TrainingOptions>;
}

/**
 * AutoLossGen's Phase III: trains a freshly initialised model to convergence with the loss,
 * once per ε of the grid when the loss has one; reward = the best validation metric; the
 * metrics are that run's test metrics.
 */
export class EffectivenessTest implements Evaluator {
  readonly accepts = ['expression'] as const;

  constructor(
    private readonly options: EffectivenessTestOptions,
    private readonly table: OperatorTable,
    private readonly setup: TrainingSetup,
    private readonly rng: Rng,
    private readonly bus: EventBus,
  ) {}

  async evaluate(candidate: Candidate): Promise<Verdict> {
    if (candidate.kind !== 'expression') throw new RecsearchError('the effectiveness test takes loss expressions');
    const training = { ...this.setup.training, ...this.options.training };
    const usesEps = /\beps\b/.test(candidate.expression);
    let best: { eps: number; validation: number; test: Record<string, number> } | undefined;
    let cost = 0;
    for (const eps of usesEps ? this.options.epsGrid : [training.eps]) {
      const loss = resolveLoss(candidate.expression, { eps, ...candidate.parameters }, this.table);
      try {
        const outcome = await trainModel({ model: freshModel(this.setup), data: this.setup.data, loss, training, rng: this.rng, bus: this.bus });
        cost += outcome.epochs;
        if (!best || outcome.bestValidation > best.validation) best = { eps, validation: outcome.bestValidation, test: outcome.test };
      } catch (error) {
        if (!(error instanceof NonFiniteLossError)) throw error;
      }
    }
    if (!best) return { pass: false, reward: -1, reason: 'training diverged for every ε', metrics: {}, cost };
    return { pass: true, reward: best.validation, metrics: { eps: best.eps, validation: best.validation, ...Object.fromEntries(Object.entries(best.test).map(([name, value]) => [`test.${name}`, value])) }, cost };
  }
}

export const { manifest, containerModule } = definePlugin<EffectivenessTestOptions, EffectivenessTest>(
  {
    id: 'effectiveness-test',
    kind: 'evaluator',
    description: 'AutoLossGen Phase III: train fresh models to convergence with the loss over an ε grid; report test metrics of the best.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        epsGrid: { type: 'array', items: { type: 'number', exclusiveMinimum: 0 }, minItems: 1, default: [1, 0.1, 0.01, 0.001, 0.0001, 0.00001, 0.000001] },
        training: { type: 'object', default: { stopping: 'autolossgen', maxEpochs: 200 }, description: 'Overrides of the training section for these runs.' },
      },
    },
  },
  ({ options, rng, bus, service }) =>
    new EffectivenessTest(options, service<OperatorTable>(RunOperatorTable), service<TrainingSetup>(TrainingSetup), rng, bus),
);
