import { encodeNumbers, RecsearchError, type CandidateValue, type EvaluatedCandidate, type Json, type ParamValue, type Rng, type SearchStrategy, type Verdict } from '@recsearch/core';
import {
  advanceGoldenSection,
  advanceHillClimb,
  chooseScaleFactor,
  drawRecipe,
  goldenSectionProbes,
  hillClimbProbes,
  SearchBox,
  startGoldenSection,
  startHillClimb,
  trialPoint,
  type GoldenSectionState,
  type HillClimbState,
  type TrialRecipe,
} from '@recsearch/evolution';
import { decodeSnapshotNumbers } from './json-numbers';
import { resolveOptions, type DifferentialEvolutionOptions, type DifferentialEvolutionSettings } from './options';

/** One member of the population, with its own F and CR (SFLSDE / jDE style). */
export interface Individual {
  point: number[];
  /** Reward of `point`; −∞ for a failed verdict (and before the initial verdict arrives). */
  fitness: number;
  F: number;
  CR: number;
}

/** A point waiting to be asked, or asked and waiting for its verdict. */
export interface Proposal {
  role: 'init' | 'trial' | 'probe';
  individual: number;
  point: number[];
  F: number;
  CR: number;
  /** For a local-search probe: its place in the search's current round. */
  probe?: number;
}

/** A local search on F for one individual's trial, waiting on the rewards of its current round. */
export interface LocalSearchRun {
  individual: number;
  recipe: TrialRecipe;
  CR: number;
  search: GoldenSectionState | HillClimbState;
  rewards: Array<number | null>;
}

interface DeState {
  generation: number;
  started: boolean;
  /** Tasks of this generation (initial points, trials, local searches) not settled yet. */
  open: number;
  population: Individual[];
  queue: Proposal[];
  outstanding: Proposal[];
  localSearches: LocalSearchRun[];
  best: { point: number[]; reward: number } | null;
}

/** A failed verdict, or a reward that is not a number, ranks below everything. */
function rewardOf(verdict: Verdict): number {
  return verdict.pass && !Number.isNaN(verdict.reward) ? verdict.reward : -Infinity;
}

/**
 * Differential evolution behind ask/tell. Generation 0 asks for the initial population
 * (uniform in the box); each later generation builds every individual's trial from the
 * population as it stood when the generation began, and greedy selection (trial reward ≥
 * target reward) settles each trial as soon as its verdict arrives. A local search on F
 * proposes its probes through ask like any trial, so they count in the budget.
 * ask(n) hands out up to n queued proposals; it hands out fewer (even none) only when the
 * rest of the generation waits on verdicts not told yet.
 */
export class DifferentialEvolution implements SearchStrategy {
  readonly candidateKind = 'params';
  readonly options: DifferentialEvolutionOptions;
  readonly box: SearchBox;
  private state: DeState = { generation: 0, started: false, open: 0, population: [], queue: [], outstanding: [], localSearches: [], best: null };

  constructor(settings: DifferentialEvolutionSettings, private readonly rng: Rng) {
    this.options = resolveOptions(settings);
    this.box = new SearchBox(this.options.space);
  }

  get generation(): number {
    return this.state.generation;
  }

  /** The population with each individual's F and CR (copies). */
  get population(): Individual[] {
    return structuredClone(this.state.population);
  }

  /** Proposals queued but not asked yet. */
  get pending(): Proposal[] {
    return structuredClone(this.state.queue);
  }

  /** The best point told so far, as candidate parameters. */
  get best(): { params: Record<string, ParamValue>; reward: number } | null {
    const best = this.state.best;
    return best && { params: this.box.toParams(best.point), reward: best.reward };
  }

  ask(count: number): CandidateValue[] {
    if (!this.state.started) this.seedPopulation();
    const taken = this.state.queue.splice(0, Math.max(0, count));
    this.state.outstanding.push(...taken);
    return taken.map((proposal) => ({ kind: 'params', params: this.box.toParams(proposal.point) }));
  }

  tell(results: EvaluatedCandidate[]): void {
    for (const { verdict } of results) {
      const proposal = this.state.outstanding.shift();
      if (!proposal) throw new RecsearchError(`differential evolution was told ${results.length} results, more than it has asked for`);
      const reward = rewardOf(verdict);
      if (reward > -Infinity && (!this.state.best || reward > this.state.best.reward)) this.state.best = { point: [...proposal.point], reward };
      if (proposal.role === 'init') {
        this.state.population[proposal.individual].fitness = reward;
        this.state.open--;
      } else if (proposal.role === 'trial') {
        this.settle(proposal.individual, { point: proposal.point, fitness: reward, F: proposal.F, CR: proposal.CR });
      } else {
        this.probeTold(proposal, reward);
      }
    }
    if (this.state.started && this.state.open === 0) this.startGeneration();
  }

  snapshot(): Json {
    return encodeNumbers({ version: 1, ...this.state });
  }

  restore(snapshot: Json): void {
    const { version, ...state } = decodeSnapshotNumbers<DeState & { version: number }>(snapshot);
    if (version !== 1) throw new RecsearchError(`differential evolution cannot restore a snapshot of version ${version}`);
    this.state = state;
  }

  /** Greedy selection (DE-Opt eq. 10): the trial replaces its target when its reward is at least the target's. */
  protected accepts(target: Individual, trialReward: number): boolean {
    return trialReward >= target.fitness;
  }

  private settle(i: number, trial: Individual): void {
    if (this.accepts(this.state.population[i], trial.fitness)) this.state.population[i] = { ...trial, point: [...trial.point] };
    this.state.open--;
  }

  private seedPopulation(): void {
    const { populationSize, initialF, initialCR } = this.options;
    for (let i = 0; i < populationSize; i++) {
      const point = this.box.sample(this.rng);
      this.state.population.push({ point, fitness: -Infinity, F: initialF, CR: initialCR });
      this.state.queue.push({ role: 'init', individual: i, point, F: initialF, CR: initialCR });
    }
    this.state.open = populationSize;
    this.state.started = true;
  }

  private startGeneration(): void {
    const { population } = this.state;
    const points = population.map((individual) => individual.point);
    const bestIndex = population.reduce((best, individual, i) => (individual.fitness > population[best].fitness ? i : best), 0);
    this.state.generation++;
    population.forEach((individual, i) => {
      const choice = chooseScaleFactor(this.rng, individual, i === bestIndex, this.options);
      const recipe = drawRecipe(this.rng, points, i, this.options.mutation, choice.CR);
      if (choice.kind === 'plain') {
        this.state.queue.push({ role: 'trial', individual: i, point: this.trial(recipe, choice.F), F: choice.F, CR: choice.CR });
        return;
      }
      const { sflsde } = this.options;
      const search =
        choice.kind === 'golden-section'
          ? startGoldenSection(sflsde.fMin, sflsde.fMax, sflsde.goldenSectionIterations)
          : startHillClimb(choice.F, sflsde.hillClimbStep, sflsde.hillClimbIterations);
      const run: LocalSearchRun = { individual: i, recipe, CR: choice.CR, search, rewards: [] };
      this.state.localSearches.push(run);
      this.queueProbes(run);
    });
    this.state.open = population.length;
  }

  private trial(recipe: TrialRecipe, F: number): number[] {
    return this.box.repair(trialPoint(recipe, F), this.options.bounds);
  }

  private queueProbes(run: LocalSearchRun): void {
    const probes = run.search.kind === 'golden-section' ? goldenSectionProbes(run.search) : hillClimbProbes(run.search);
    run.rewards = probes.map(() => null);
    probes.forEach((F, probe) => this.state.queue.push({ role: 'probe', individual: run.individual, point: this.trial(run.recipe, F), F, CR: run.CR, probe }));
  }

  private probeTold(proposal: Proposal, reward: number): void {
    const index = this.state.localSearches.findIndex((run) => run.individual === proposal.individual);
    const run = this.state.localSearches[index];
    if (!run || proposal.probe === undefined) throw new RecsearchError(`no local search on F is running for individual ${proposal.individual}`);
    run.rewards[proposal.probe] = reward;
    if (run.rewards.some((told) => told === null)) return;
    const rewards = run.rewards as number[];
    run.search = run.search.kind === 'golden-section' ? advanceGoldenSection(run.search, rewards) : advanceHillClimb(run.search, rewards);
    const more = run.search.kind === 'golden-section' ? goldenSectionProbes(run.search) : hillClimbProbes(run.search);
    if (more.length) {
      this.queueProbes(run);
      return;
    }
    this.state.localSearches.splice(index, 1);
    // The answer was probed already: its trial and reward are known, no extra evaluation.
    const [F, fitness] =
      run.search.kind === 'golden-section'
        ? [run.search.bestF as number, run.search.bestReward as number]
        : [run.search.centre, run.search.centreReward as number];
    this.settle(run.individual, { point: this.trial(run.recipe, F), fitness, F, CR: run.CR });
  }
}
