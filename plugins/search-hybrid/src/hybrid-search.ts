import { RecsearchError, type CandidateKind, type CandidateValue, type EvaluatedCandidate, type Json, type SearchStrategy } from '@recsearch/core';
import { controllerQuota, controllerShare } from './mixing';
import { HybridSettingsError, type HybridOptions } from './options';

type Origin = 'controller' | 'population';

interface Proposal {
  origin: Origin;
  expression: string;
}

interface HybridState {
  asked: number;
  fromController: number;
  credit: number;
  pending: Proposal[];
  offered: string[];
}

const expressionOf = (value: CandidateValue): string => (value.kind === 'expression' ? value.expression : JSON.stringify(value.params));

/**
 * A controller and a population behind one ask/tell surface. Each ask is split between them by
 * the mixing share; each gets the verdicts of its own proposals only. The controller's
 * evaluated samples are adopted by the population as migrants (they compete under the same
 * pipeline's verdicts), and after each generation the population's elites are adopted by the
 * controller, which then does not re-explore them.
 */
export class HybridSearch implements SearchStrategy {
  readonly candidateKind: CandidateKind;
  private state: HybridState = { asked: 0, fromController: 0, credit: 0, pending: [], offered: [] };

  constructor(
    readonly controller: SearchStrategy,
    readonly population: SearchStrategy,
    private readonly settings: Pick<HybridOptions, 'mixing' | 'offerElites' | 'elitesOffered'>,
  ) {
    if (controller.candidateKind !== population.candidateKind) {
      throw new HybridSettingsError('controller', `proposes ${controller.candidateKind} candidates, the population ${population.candidateKind}`);
    }
    if (!population.adopt) throw new HybridSettingsError('population', 'cannot adopt the controller\'s samples (no adopt)');
    if (settings.offerElites && (!population.elites || !controller.adopt)) {
      throw new HybridSettingsError('offerElites', 'needs a population that offers elites and a controller that adopts them');
    }
    this.candidateKind = population.candidateKind;
  }

  /** Candidates proposed so far, and how many of them the controller drew. */
  get proposals(): { total: number; fromController: number } {
    return { total: this.state.asked, fromController: this.state.fromController };
  }

  /** Canonical keys of the elites offered to the controller so far. */
  get offered(): readonly string[] {
    return [...this.state.offered];
  }

  isDone(): boolean {
    return this.population.isDone?.() ?? false;
  }

  async ask(count: number): Promise<CandidateValue[]> {
    if (this.isDone() || count <= 0) return [];
    const share = this.controller.isDone?.() ? 0 : controllerShare(this.settings.mixing, this.state.asked);
    const { quota, credit } = controllerQuota(count, share, this.state.credit);
    const fromPopulation = count - quota > 0 ? await this.population.ask(count - quota) : [];
    // Fewer unevaluated members left in the population's generation: the controller draws the rest.
    const controllerCount = this.controller.isDone?.() ? 0 : count - fromPopulation.length;
    const fromController = controllerCount > 0 ? await this.controller.ask(controllerCount) : [];
    this.state.credit = credit;
    this.state.asked += fromPopulation.length + fromController.length;
    this.state.fromController += fromController.length;
    this.state.pending = [
      ...fromPopulation.map((value): Proposal => ({ origin: 'population', expression: expressionOf(value) })),
      ...fromController.map((value): Proposal => ({ origin: 'controller', expression: expressionOf(value) })),
    ];
    return [...fromPopulation, ...fromController];
  }

  async tell(results: EvaluatedCandidate[]): Promise<void> {
    const told: Record<Origin, EvaluatedCandidate[]> = { controller: [], population: [] };
    for (const result of results) {
      const index = this.state.pending.findIndex((proposal) => proposal.expression === expressionOf(result.candidate));
      if (index < 0) throw new RecsearchError(`hybrid search was told about ${result.candidate.id}, which its last ask did not propose`);
      const [proposal] = this.state.pending.splice(index, 1);
      told[proposal.origin].push(result);
    }
    if (told.controller.length > 0) {
      await this.controller.tell(told.controller);
      // Adopted before the population hears its own verdicts, so migrants compete in the generation they were evaluated with.
      this.population.adopt?.(told.controller);
    }
    if (told.population.length > 0) await this.population.tell(told.population);
    if (this.settings.offerElites) this.offerElites();
  }

  snapshot(): Json {
    return {
      controller: this.controller.snapshot(),
      population: this.population.snapshot(),
      state: { ...this.state } as unknown as Json,
    };
  }

  restore(snapshot: Json): void {
    const saved = snapshot as { controller: Json; population: Json; state: Json };
    this.controller.restore(saved.controller);
    this.population.restore(saved.population);
    this.state = structuredClone(saved.state) as unknown as HybridState;
  }

  /** The population's latest elites the controller has not been offered yet. */
  private offerElites(): void {
    const offered = new Set(this.state.offered);
    const fresh = (this.population.elites?.(this.settings.elitesOffered) ?? []).filter((elite) => {
      const key = elite.candidate.kind === 'expression' ? (elite.candidate.key ?? elite.candidate.expression) : expressionOf(elite.candidate);
      if (offered.has(key)) return false;
      offered.add(key);
      return true;
    });
    if (fresh.length === 0) return;
    this.controller.adopt?.(fresh);
    this.state.offered = [...offered];
  }
}
