import { RecsearchError, type CandidateValue, type EvaluatedCandidate, type EventBus, type Json, type Rng, type SearchStrategy } from '@recsearch/core';
import { canonicalKey, printExpression, type Expr, type OperatorTable } from '@recsearch/expr';
import { Adam } from './controller/adam';
import { MovingAverageBaseline, ReferenceFilterBaseline, type BaselineRule } from './controller/baseline';
import { PaperPolicy } from './controller/paper-policy';
import type { Policy, Sample } from './controller/policy';
import { ReferencePolicy } from './controller/reference-policy';
import { tfjsGradient } from './controller/tfjs-gradient';
import { controllerUpdated, type ControllerUpdate } from './controller-events';
import type { ControllerSettings } from './options';
import { buildLoss, buildSearchSpace, type Decisions, type SearchSpace } from './search-space';

interface Proposal extends Sample {
  expression: string;
  /** The update count when it was sampled: its trace is reusable while no update has happened. */
  version: number;
}

interface Experience {
  decisions: Decisions;
  entropy: number;
  reward: number;
  trace?: unknown;
  version: number;
}

/** Draws per proposal while the sampled loss is one adopted from elsewhere; the last is kept. */
const DRAWS_PER_PROPOSAL = 8;

/**
 * AutoLossGen's controller as an ask/tell strategy: ask samples losses from the LSTM policy and
 * remembers their decisions; tell pairs each verdict's reward with its sample and, every
 * `updateEvery` samples, takes one REINFORCE step (Adam) on their average.
 */
export class ReinforceSearch implements SearchStrategy {
  readonly candidateKind = 'expression';
  readonly space: SearchSpace;
  private readonly policy: Policy;
  private readonly adam: Adam;
  private readonly baseline: BaselineRule;
  private pending: Proposal[] = [];
  private buffer: Experience[] = [];
  private lastUpdate: ControllerUpdate | null = null;
  /** Rewards of losses evaluated elsewhere (adopted), by canonical key (null: not finite). */
  private readonly known = new Map<string, number | null>();

  constructor(
    private readonly settings: ControllerSettings,
    private readonly table: OperatorTable,
    private readonly rng: Rng,
    private readonly bus?: EventBus,
  ) {
    this.space = buildSearchSpace(table, settings);
    this.policy =
      settings.variant === 'paper'
        ? new PaperPolicy(this.space, settings, rng)
        : new ReferencePolicy(this.space, settings, rng);
    this.adam = new Adam({ ...settings.adam, learningRate: settings.learningRate, l2: settings.l2, clipNorm: settings.gradientClipNorm }, this.policy.weights);
    this.baseline =
      settings.variant === 'paper'
        ? new MovingAverageBaseline(settings.baselineDecay, settings.entropyWeight)
        : new ReferenceFilterBaseline(settings.baselineDecay, settings.entropyWeight, settings.filterMargin, settings.rejectedReward);
  }

  /** The most recent controller update, or null before the first. */
  get update(): ControllerUpdate | null {
    return this.lastUpdate;
  }

  ask(count: number): CandidateValue[] {
    const values: CandidateValue[] = [];
    this.pending = Array.from({ length: count }, () => {
      let drawn = this.draw();
      for (let draw = 1; draw < DRAWS_PER_PROPOSAL && this.known.has(drawn.key); draw++) drawn = this.draw();
      const { sample, loss, key } = drawn;
      const expression = printExpression(loss);
      values.push({ kind: 'expression', expression, key });
      return { ...sample, expression, version: this.adam.steps };
    });
    return values;
  }

  /**
   * Losses evaluated elsewhere (a hybrid's GP elites): their rewards are remembered by canonical
   * key and ask redraws a sample that hits one, so the controller does not re-explore them. No
   * policy-gradient step: REINFORCE's estimate holds only for samples the policy drew itself.
   */
  adopt(results: EvaluatedCandidate[]): void {
    for (const { candidate, verdict } of results) {
      if (candidate.kind !== 'expression') continue;
      const key = candidate.key ?? canonicalKey(this.table.parse(candidate.expression));
      this.known.set(key, Number.isFinite(verdict.reward) ? verdict.reward : null);
    }
  }

  /** The reward of an adopted loss by canonical key (null: not finite), or undefined if none was adopted. */
  knownReward(key: string): number | null | undefined {
    return this.known.get(key);
  }

  /** How many distinct losses were adopted. */
  get knownCount(): number {
    return this.known.size;
  }

  private draw(): { sample: Sample; loss: Expr; key: string } {
    const sample = this.policy.sample(this.rng);
    const loss = buildLoss(this.space, sample.decisions);
    return { sample, loss, key: canonicalKey(loss) };
  }

  tell(results: EvaluatedCandidate[]): void {
    for (const { candidate, verdict } of results) {
      const expression = candidate.kind === 'expression' ? candidate.expression : undefined;
      const index = this.pending.findIndex((proposal) => proposal.expression === expression);
      if (index < 0) throw new RecsearchError(`reinforce search was told about ${candidate.id} (${expression ?? candidate.kind}), which its last ask did not propose`);
      const [proposal] = this.pending.splice(index, 1);
      // A failed proxy test still carries its (negative) reward; a non-finite one counts as rejected.
      const reward = Number.isFinite(verdict.reward) ? verdict.reward : this.settings.rejectedReward;
      this.buffer.push({ decisions: proposal.decisions, entropy: proposal.entropy, reward, trace: proposal.trace, version: proposal.version });
    }
    while (this.buffer.length >= this.settings.updateEvery) this.learn(this.buffer.splice(0, this.settings.updateEvery));
  }

  private learn(batch: readonly Experience[]): void {
    const { advantages, entropyGradient } = this.baseline.weigh(
      batch.map((e) => e.reward),
      batch.map((e) => e.entropy),
    );
    const decisions = batch.map((e) => e.decisions);
    const scored = batch.map((e) => ({ decisions: e.decisions, trace: e.version === this.adam.steps ? e.trace : undefined }));
    // The native gradient is the fast path; the tfjs twin computes the same (see the spec).
    const gradients =
      this.settings.engine === 'native' && this.policy.gradient
        ? this.policy.gradient(scored, advantages, entropyGradient)
        : tfjsGradient(this.policy, decisions, advantages, entropyGradient);
    const gradientNorm = this.adam.apply(gradients);
    this.lastUpdate = {
      step: this.adam.steps,
      meanReward: batch.reduce((sum, e) => sum + e.reward, 0) / batch.length,
      baseline: this.baseline.value,
      gradientNorm,
    };
    this.bus?.emit(controllerUpdated(this.lastUpdate));
  }

  snapshot(): Json {
    return {
      weights: this.policy.weights.snapshot(),
      adam: this.adam.snapshot(),
      baseline: this.baseline.snapshot(),
      // Traces are caches, rebuilt from the decisions when needed.
      pending: this.pending.map(({ decisions, logProb, entropy, expression, version }) => ({ decisions, logProb, entropy, expression, version })) as unknown as Json,
      buffer: this.buffer.map(({ decisions, entropy, reward, version }) => ({ decisions, entropy, reward, version })) as unknown as Json,
      lastUpdate: this.lastUpdate as unknown as Json,
      known: [...this.known],
    };
  }

  restore(snapshot: Json): void {
    const saved = snapshot as { weights: Json; adam: Json; baseline: Json; pending: Json; buffer: Json; lastUpdate: Json; known?: Array<[string, number | null]> };
    this.policy.weights.restore(saved.weights);
    this.adam.restore(saved.adam);
    this.baseline.restore(saved.baseline);
    this.pending = saved.pending as unknown as Proposal[];
    this.buffer = saved.buffer as unknown as Experience[];
    this.lastUpdate = saved.lastUpdate as unknown as ControllerUpdate | null;
    this.known.clear();
    for (const [key, reward] of saved.known ?? []) this.known.set(key, reward);
  }
}
