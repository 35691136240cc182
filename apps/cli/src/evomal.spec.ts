import { EventBus, Rng, RngStreams, Runner, type Candidate, type Evaluator, type RunSummary, type Verdict } from '@recsearch/core';
import { createEvaluator, createStrategy } from '@recsearch/core/testing';
import { canonicalKey, compileLoss, defaultOperatorTable, fingerprintDistance, gradientFingerprint, RunOperatorTable } from '@recsearch/expr';
import { TrainingSetup } from '@recsearch/training';
import { smallTrainingSetup } from '@recsearch/training/testing';
import { syntheticDataset } from '@recsearch/data';
import * as evolution from '@recsearch/search-evolution';
import * as rejectionFilter from '@recsearch/evaluator-rejection-filter';
import * as shortTraining from '@recsearch/evaluator-short-training';

jest.setTimeout(120_000);

const table = defaultOperatorTable();
const SEEDS = [1, 2, 3, 4, 5];
// MAE: no tree of the initial populations below has its gradient; evolution reaches it in
// generations 3–19 (0-based) of seeds 1–5.
const TARGET = 'abs(yhat - y)';
// A smaller sample than EvoMAL's (100 rows, 100–1000 steps) keeps each verdict cheap.
const FILTER = { rows: 30, steps: 30, learningRate: 0.01, metric: 'auto', eps: 1e-6 };

/**
 * A fitness whose best loss is known exactly: minus the ∞-norm distance of the candidate's
 * ∂L/∂ŷ on the probe batch from the target's. Only the target and losses gradient-equivalent
 * to it score 0.
 */
class DistanceToTarget implements Evaluator {
  readonly accepts = ['expression'] as const;
  private readonly target = gradientFingerprint(table.parse(TARGET));

  evaluate(candidate: Candidate): Verdict {
    if (candidate.kind !== 'expression') throw new Error('expressions only');
    const distance = fingerprintDistance(gradientFingerprint(table.parse(candidate.expression), { parameters: candidate.parameters }), this.target);
    return Number.isFinite(distance) ? { pass: true, reward: -distance, metrics: { distance } } : { pass: false, reward: -1e6, reason: 'non-finite gradient', metrics: {} };
  }
}

/**
 * EvoMAL's fitness on the synthetic logistic-regression task that the local search tunes φ on
 * when the run has no recommender (evolution.syntheticMetaProblem): −(validation BCE) after
 * STEPS full-batch SGD steps at EvoMAL's base rate 0.01 from one fixed initialisation, under
 * the candidate loss with its φ. Written out here, apart from the local search's own code.
 */
class SyntheticShortTraining implements Evaluator {
  static readonly STEPS = 30;
  static readonly RATE = 0.01;
  readonly accepts = ['expression'] as const;
  private readonly problem = evolution.syntheticMetaProblem();

  evaluate(candidate: Candidate): Verdict {
    if (candidate.kind !== 'expression') throw new Error('expressions only');
    const loss = compileLoss(table.parse(candidate.expression));
    const { train, validation, dimensions, initScale } = this.problem;
    const init = Rng.fromSeed(99);
    const w = Float64Array.from({ length: dimensions }, () => init.normal(0, initScale));
    const logit = (features: Float64Array, row: number) => features.subarray(row * dimensions, (row + 1) * dimensions).reduce((sum, x, k) => sum + x * w[k], 0);
    const yhat = new Float64Array(train.rows);
    const dYhat = new Float64Array(train.rows);
    for (let step = 0; step < SyntheticShortTraining.STEPS; step++) {
      for (let i = 0; i < train.rows; i++) yhat[i] = 1 / (1 + Math.exp(-logit(train.features, i)));
      loss.evaluate({ yhat, y: train.labels }, { dYhat }, candidate.parameters ?? {});
      const gradient = new Float64Array(dimensions);
      for (let i = 0; i < train.rows; i++) {
        for (let k = 0; k < dimensions; k++) gradient[k] += (dYhat[i] * yhat[i] * (1 - yhat[i]) * train.features[i * dimensions + k]) / train.rows;
      }
      for (let k = 0; k < dimensions; k++) w[k] -= SyntheticShortTraining.RATE * gradient[k];
    }
    let bce = 0;
    for (let j = 0; j < validation.rows; j++) {
      const p = 1 / (1 + Math.exp(-logit(validation.features, j)));
      const y = validation.labels[j];
      bce -= (y * Math.log(Math.max(p, 1e-7)) + (1 - y) * Math.log(Math.max(1 - p, 1e-7))) / validation.rows;
    }
    return Number.isFinite(bce) ? { pass: true, reward: -bce, metrics: { bce } } : { pass: false, reward: -1e6, reason: 'non-finite fitness', metrics: {} };
  }
}

interface Evolved {
  summary: RunSummary;
  strategy: evolution.EvolutionSearch;
  best: evolution.BestIndividual;
}

/** EvoMAL through the real runner: the evolution plugin, the given stages, one seed. */
async function evolve(
  seed: number,
  options: Record<string, unknown>,
  stages: (streams: RngStreams) => Promise<Array<{ id: string; evaluator: Evaluator }>>,
  services?: ReadonlyMap<symbol, unknown>,
): Promise<Evolved> {
  const streams = new RngStreams(seed);
  const strategy = await createStrategy(evolution, options, streams, services);
  const runner = new Runner({
    name: `evomal-${seed}`,
    seed,
    bus: new EventBus({ runId: `evomal-${seed}` }),
    streams,
    strategyId: 'evolution',
    strategy,
    stages: await stages(streams),
    budget: { candidates: 100_000 },
    runner: { batchSize: 25, checkpointEverySteps: 1e9 },
  });
  const summary = await runner.run();
  const search = strategy as unknown as evolution.EvolutionSearch;
  const best = search.best();
  if (!best) throw new Error(`seed ${seed}: the search evaluated nothing`);
  return { summary, strategy: search, best };
}

describe('EvoMAL: evolution with the rejection filter', () => {
  const setup = smallTrainingSetup(3);
  const services = () => new Map<symbol, unknown>([[RunOperatorTable, table], [TrainingSetup, setup]]);
  const stages = async (streams: RngStreams) => [
    { id: 'rejection-filter', evaluator: await createEvaluator(rejectionFilter, { ...FILTER, rejectedReward: -1e6 }, streams, services()) },
    { id: 'distance-to-target', evaluator: new DistanceToTarget() },
  ];

  it('finds MAE |ŷ − y| (its canonical key, or its gradient within 1e-2) within 20 generations of 25 in at least 4 of 5 seeds', async () => {
    const target = canonicalKey(table.parse(TARGET));
    const found: boolean[] = [];
    for (const seed of SEEDS) {
      const evolved = await evolve(seed, { populationSize: 25, generations: 20 }, stages);
      const { best, summary } = evolved;
      expect(summary.stoppedBy).toBe('strategy');
      const generations = evolved.strategy.generations();
      expect(generations).toHaveLength(20);
      expect(generations[0].best).toBeLessThan(-1e-2); // not in the initial population: evolution found it
      found.push(best.key === target || best.fitness > -1e-2);
    }
    expect(found.filter(Boolean).length).toBeGreaterThanOrEqual(4);
  });
});

describe('EvoMAL: local search against GP-LFL on the synthetic task', () => {
  const stages = async () => [{ id: 'short-training', evaluator: new SyntheticShortTraining() }];

  it('improves the best fitness (−validation BCE after 30 SGD steps at 0.01) in every one of 5 seeds: population 12, 3 generations, 250 meta-steps', async () => {
    const best = { gp: [] as number[], local: [] as number[] };
    for (const seed of SEEDS) {
      best.gp.push((await evolve(seed, { populationSize: 12, generations: 3 }, stages)).best.fitness);
      const local = await evolve(seed, { populationSize: 12, generations: 3, localSearch: true }, stages);
      // The winner carries the φ the local search learned.
      expect(Object.values(local.best.parameters ?? {}).some((phi) => Math.abs(phi - 1) > 0.01)).toBe(true);
      best.local.push(local.best.fitness);
    }
    best.local.forEach((fitness, index) => expect(fitness).toBeGreaterThan(best.gp[index]));
  });
});

describe('EvoMAL: local search against GP-LFL on MF', () => {
  const dataset = syntheticDataset({ users: 150, items: 200, ratings: 6000, seed: 5 });
  const setup = smallTrainingSetup(5, dataset);
  const services = () => new Map<symbol, unknown>([[RunOperatorTable, table], [TrainingSetup, setup]]);
  const fitness = { steps: 30, batchSize: 64, learningRate: 2, optimizer: 'sgd', l2: 0, error: 'auto', eps: 1e-6 };
  const stages = async (streams: RngStreams) => [
    { id: 'rejection-filter', evaluator: await createEvaluator(rejectionFilter, { ...FILTER, rejectedReward: -1 }, streams, services()) },
    { id: 'short-training', evaluator: await createEvaluator(shortTraining, fitness, streams, services()) },
  ];

  // Known gap (reported in docs/results.md): the local search tunes φ on this run's MF and data
  // (EvoMAL's meta-step: a fresh initialisation, one SGD step of α = 0.01 under the candidate
  // loss on 128 training rows, BCE on 256 validation rows, Adam 1e-3 on φ; initialisations from
  // a pool of 25 seeded ones to keep the test affordable). φ lowers that meta-objective, but on
  // MF the effect on the fitness is within the spread between seeds: mean best fitness at this
  // fitness's lr 2, −0.38095 against GP-LFL's −0.38028; at lr 1, −0.3771 / −0.3769; at lr 0.5,
  // −0.3767 / −0.3830, but −0.3793 / −0.3719 with 60 steps. Marked as failing so that it flips
  // (and must be unmarked) once the local search helps here too.
  it.failing('improves the mean best fitness (−(1 − validation AUC) after 30 SGD steps) over 5 seeds: population 8, 3 generations, 250 meta-steps', async () => {
    const best = { gp: [] as number[], local: [] as number[] };
    const local = { populationSize: 8, generations: 3, localSearch: true, localSearchInitialisations: 25 };
    for (const seed of SEEDS) {
      best.gp.push((await evolve(seed, { populationSize: 8, generations: 3 }, stages, services())).best.fitness);
      best.local.push((await evolve(seed, local, stages, services())).best.fitness);
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(best.local)).toBeGreaterThan(mean(best.gp));
  });
});
