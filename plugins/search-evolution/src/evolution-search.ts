import type { EvaluatedCandidate, ExpressionCandidate, Json, Rng, SearchStrategy } from '@recsearch/core';
import { canonicalKey, instantiate, printExpression, type Expr, type OperatorTable } from '@recsearch/expr';
import { evomalPrimitiveSet, rampedHalfAndHalf, repair, type PrimitiveSet } from './genome/generate';
import { hasBothVariables, height } from './genome/tree';
import { chooseVariation, offspring } from './genome/variation';
import { localSearch } from './local-search/local-search';
import type { MetaTask } from './local-search/meta-task';
import type { EvolutionSettings } from './options';
import { elites, tournament } from './selection';

/** Fitness summary of one fully evaluated generation. */
export interface GenerationStats {
  generation: number;
  /** Mean of the finite fitnesses (NaN when none is finite). */
  mean: number;
  best: number;
  /** Individuals that needed an evaluation (the rest came from the fitness cache). */
  evaluated: number;
}

export interface BestIndividual {
  expression: string;
  key: string;
  fitness: number;
  parameters?: Record<string, number>;
}

/** A tree with its fitness, outside the population's own slots. */
interface Migrant {
  tree: Expr;
  key: string;
  fitness: number;
}

// JSON has no −∞: a failed or non-finite verdict is stored as null.
const encode = (fitness: number): number | null => (Number.isFinite(fitness) ? fitness : null);
const decode = (stored: number | null): number => stored ?? -Infinity;
type StoredMigrant = [string, string, number | null];
const storedMigrant = ({ tree, key, fitness }: Migrant): StoredMigrant => [printExpression(tree), key, encode(fitness)];

/**
 * EvoMAL's genetic programming over loss trees behind ask/tell. `ask` proposes members of the
 * current generation that are not yet evaluated (each canonical key once per run: others take
 * the cached reward); once a generation is fully evaluated, the next is bred by tournament
 * selection, elitism and exclusive variation.
 */
export class EvolutionSearch implements SearchStrategy {
  readonly candidateKind = 'expression';
  private readonly set: PrimitiveSet;
  private generation = 0;
  private population: Expr[];
  private keys: string[];
  private fitness: Array<number | undefined>;
  /** Reward by canonical key of every tree evaluated in this run. */
  private readonly cache = new Map<string, number>();
  /** φ found by the local search, by canonical key. */
  private readonly weights = new Map<string, Record<string, number>>();
  /** Proposed and not yet told, by candidate expression: the tree's canonical key and printed form. */
  private readonly pending = new Map<string, { key: string; tree: string }>();
  private bestSoFar: BestIndividual | undefined;
  private readonly history: GenerationStats[] = [];
  private evaluatedThisGeneration = 0;
  private done = false;
  /** Adopted trees evaluated elsewhere: they join the current generation's selection pool. */
  private migrants: Migrant[] = [];
  /** The latest complete generation's distinct trees with finite fitness, best first. */
  private ranked: Migrant[] = [];

  /**
   * `metaTask`: where the local search measures φ (the run's model and data when the run has a
   * training setup); without one it uses the synthetic meta-problem.
   */
  constructor(
    private readonly settings: EvolutionSettings,
    private readonly table: OperatorTable,
    private readonly rng: Rng,
    private readonly metaTask?: MetaTask,
  ) {
    this.set = evomalPrimitiveSet(settings.primitives);
    this.population = Array.from({ length: settings.populationSize }, () =>
      repair(rng, rampedHalfAndHalf(rng, this.set, settings.initialHeight.min, settings.initialHeight.max), settings.repairOperators),
    );
    this.keys = this.population.map(canonicalKey);
    this.fitness = this.population.map(() => undefined);
  }

  /** The current generation's trees (a copy). */
  members(): Expr[] {
    return [...this.population];
  }

  currentGeneration(): number {
    return this.generation;
  }

  /** Statistics of every fully evaluated generation, in order. */
  generations(): GenerationStats[] {
    return this.history.map((stats) => ({ ...stats }));
  }

  /** The fittest tree evaluated so far (the first of equals), with its φ under the local search. */
  best(): BestIndividual | undefined {
    return this.bestSoFar && { ...this.bestSoFar };
  }

  isDone(): boolean {
    return this.done;
  }

  ask(count: number): ExpressionCandidate[] {
    const proposals: ExpressionCandidate[] = [];
    this.settle();
    const waiting = new Set([...this.pending.values()].map((entry) => entry.key));
    for (let i = 0; i < this.population.length && proposals.length < count && !this.done; i++) {
      const key = this.keys[i];
      if (this.fitness[i] !== undefined || waiting.has(key)) continue;
      waiting.add(key);
      const candidate = this.propose(this.population[i], key);
      this.pending.set(candidate.expression, { key, tree: printExpression(this.population[i]) });
      proposals.push(candidate);
    }
    return proposals;
  }

  tell(results: EvaluatedCandidate[]): void {
    for (const { candidate, verdict } of results) {
      if (candidate.kind !== 'expression') continue;
      const entry = this.pending.get(candidate.expression) ?? this.unrequested(candidate);
      this.pending.delete(candidate.expression);
      const reward = Number.isNaN(verdict.reward) ? -Infinity : verdict.reward;
      this.evaluatedThisGeneration++;
      this.cache.set(entry.key, reward);
      this.consider(entry.tree, entry.key, reward);
    }
    this.settle();
  }

  /**
   * Candidates evaluated elsewhere (a hybrid's controller samples): each distinct tree joins the
   * current generation's selection pool with its fitness, and the fitness cache by canonical
   * key, so a member with the same key is not evaluated again. Its operators need not be
   * primitives: migrants bring material the primitive set lacks.
   */
  adopt(results: EvaluatedCandidate[]): void {
    const inPool = new Set([...this.keys, ...this.migrants.map((migrant) => migrant.key)]);
    for (const { candidate, verdict } of results) {
      if (candidate.kind !== 'expression') continue;
      const tree = this.table.parse(candidate.expression);
      const key = canonicalKey(tree);
      const fitness = Number.isNaN(verdict.reward) ? -Infinity : verdict.reward;
      if (!this.cache.has(key)) this.cache.set(key, fitness);
      this.consider(printExpression(tree), key, fitness);
      // A tree the population could not hold (too tall, or lacking y or ŷ) is only cached.
      if (inPool.has(key) || height(tree) > this.settings.maxHeight || !hasBothVariables(tree)) continue;
      inPool.add(key);
      this.migrants.push({ tree, key, fitness });
    }
    this.settle();
  }

  /** The latest complete generation's fittest distinct members (finite fitness only), best first. */
  elites(count: number): EvaluatedCandidate[] {
    return this.ranked.slice(0, count).map(({ tree, key, fitness }, index) => ({
      candidate: { kind: 'expression', expression: printExpression(tree), key, id: `elite-g${this.history.length - 1}-${index}`, index },
      verdict: { pass: true, reward: fitness, metrics: {} },
    }));
  }

  /** The trees adopted into the current generation's selection pool (a copy). */
  migrantTrees(): Expr[] {
    return this.migrants.map((migrant) => migrant.tree);
  }

  snapshot(): Json {
    return {
      generation: this.generation,
      population: this.population.map((expr) => printExpression(expr)),
      fitness: this.fitness.map((value) => (value === undefined ? 'pending' : encode(value))),
      cache: [...this.cache].map(([key, value]) => [key, encode(value)]),
      weights: [...this.weights].map(([key, phi]) => [key, phi]),
      pending: [...this.pending],
      best: this.bestSoFar ? { ...this.bestSoFar, fitness: encode(this.bestSoFar.fitness) } : null,
      history: this.history.map((stats) => ({ ...stats, mean: encode(stats.mean), best: encode(stats.best) })),
      evaluatedThisGeneration: this.evaluatedThisGeneration,
      done: this.done,
      migrants: this.migrants.map(storedMigrant),
      ranked: this.ranked.map(storedMigrant),
    } as unknown as Json;
  }

  restore(snapshot: Json): void {
    const state = snapshot as unknown as {
      generation: number;
      population: string[];
      fitness: Array<number | null | 'pending'>;
      cache: Array<[string, number | null]>;
      weights: Array<[string, Record<string, number>]>;
      pending: Array<[string, { key: string; tree: string }]>;
      best: (BestIndividual & { fitness: number | null }) | null;
      history: Array<GenerationStats & { mean: number | null; best: number | null }>;
      evaluatedThisGeneration: number;
      done: boolean;
      migrants?: StoredMigrant[];
      ranked?: StoredMigrant[];
    };
    this.generation = state.generation;
    this.population = state.population.map((source) => this.table.parse(source));
    this.keys = this.population.map(canonicalKey);
    this.fitness = state.fitness.map((value) => (value === 'pending' ? undefined : decode(value)));
    this.cache.clear();
    for (const [key, value] of state.cache) this.cache.set(key, decode(value));
    this.weights.clear();
    for (const [key, phi] of state.weights) this.weights.set(key, phi);
    this.pending.clear();
    for (const [expression, entry] of state.pending) this.pending.set(expression, entry);
    this.bestSoFar = state.best ? { ...state.best, fitness: decode(state.best.fitness) } : undefined;
    this.history.length = 0;
    for (const stats of state.history) this.history.push({ ...stats, mean: stats.mean ?? NaN, best: decode(stats.best) });
    this.evaluatedThisGeneration = state.evaluatedThisGeneration;
    this.done = state.done;
    const migrant = ([source, key, fitness]: StoredMigrant): Migrant => ({ tree: this.table.parse(source), key, fitness: decode(fitness) });
    this.migrants = (state.migrants ?? []).map(migrant);
    this.ranked = (state.ranked ?? []).map(migrant);
  }

  private consider(expression: string, key: string, fitness: number): void {
    if (this.bestSoFar && fitness <= this.bestSoFar.fitness) return;
    this.bestSoFar = { expression, key, fitness, ...(this.weights.has(key) ? { parameters: this.weights.get(key) } : {}) };
  }

  /** A told candidate this strategy did not propose (e.g. injected by a hybrid): cached by its own tree. */
  private unrequested(candidate: ExpressionCandidate): { key: string; tree: string } {
    const tree = this.table.parse(candidate.expression);
    return { key: canonicalKey(tree), tree: printExpression(tree) };
  }

  private propose(expr: Expr, key: string): ExpressionCandidate {
    if (!this.settings.localSearch) return { kind: 'expression', expression: printExpression(expr), key };
    // Seed 0 for every tree: φ is a pure function of the tree, so a resumed run finds the same φ.
    const found = localSearch(expr, { steps: this.settings.localSearchSteps, learningRate: this.settings.localSearchLearningRate, seed: 0, task: this.metaTask });
    this.weights.set(key, found.parameters);
    const fixed = instantiate(found.weighted, found.parameters);
    return {
      kind: 'expression',
      expression: printExpression(this.settings.weightsInExpression ? fixed : found.weighted),
      key: canonicalKey(fixed),
      parameters: found.parameters,
    };
  }

  /** Fills cached fitness in; breeds while the current generation is complete (at most the remaining generations). */
  private settle(): void {
    while (!this.done) {
      this.keys.forEach((key, i) => {
        if (this.fitness[i] === undefined && this.cache.has(key)) this.fitness[i] = this.cache.get(key);
      });
      if (this.fitness.some((value) => value === undefined)) return;
      this.recordGeneration();
      if (this.generation + 1 >= this.settings.generations) {
        this.done = true;
        return;
      }
      this.breed();
    }
  }

  private recordGeneration(): void {
    const values = this.fitness as number[];
    const finite = values.filter(Number.isFinite);
    this.history.push({
      generation: this.generation,
      mean: finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN,
      best: Math.max(...values),
      evaluated: this.evaluatedThisGeneration,
    });
    const seen = new Set<string>();
    this.ranked = [];
    for (const index of elites(values, values.length)) {
      const key = this.keys[index];
      if (!Number.isFinite(values[index]) || seen.has(key)) continue;
      seen.add(key);
      this.ranked.push({ tree: this.population[index], key, fitness: values[index] });
    }
  }

  private breed(): void {
    const { rng, settings } = this;
    // Migrants compete with the members: elites and tournaments draw from both.
    const pool = [...this.population, ...this.migrants.map((migrant) => migrant.tree)];
    const fitness = [...(this.fitness as number[]), ...this.migrants.map((migrant) => migrant.fitness)];
    const next = elites(fitness, settings.elites).map((index) => pool[index]);
    const select = () => pool[tournament(rng, fitness, settings.tournamentSize)];
    while (next.length < settings.populationSize) {
      next.push(offspring(rng, chooseVariation(rng, settings), select, this.set, settings.repairOperators, settings));
    }
    this.generation++;
    this.population = next;
    this.keys = next.map(canonicalKey);
    this.fitness = next.map(() => undefined);
    this.evaluatedThisGeneration = 0;
    this.migrants = [];
  }
}
