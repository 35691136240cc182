import { RngStreams, type EvaluatedCandidate } from '@recsearch/core';
import { DifferentialEvolution } from '@recsearch/search-de';
import { median, type BenchRow } from './bench-row';

const sphere = (x: number[]) => x.reduce((sum, xi) => sum + xi * xi, 0);
const rosenbrock = (x: number[]) => x.slice(0, -1).reduce((sum, xi, i) => sum + 100 * (x[i + 1] - xi * xi) ** 2 + (1 - xi) ** 2, 0);

/** Drives DE on a 10-D objective in [-5, 5]^10 with batches of 10; returns evaluations until f < tolerance (or -1) and µs of DE per candidate. */
function solve(objective: (x: number[]) => number, options: Record<string, unknown>, tolerance: number, budget: number, seed: number) {
  const de = new DifferentialEvolution({ space: { x: { type: 'real', min: -5, max: 5, size: 10 } }, ...options }, new RngStreams(seed).stream('/search'));
  let used = 0;
  let strategyNs = 0n;
  while (used < budget) {
    let started = process.hrtime.bigint();
    const values = de.ask(10);
    strategyNs += process.hrtime.bigint() - started;
    let reached = false;
    const results = values.map((value, k) => {
      const f = objective(Array.from({ length: 10 }, (_, j) => (value.kind === 'params' ? (value.params[`x${j}`] as number) : NaN)));
      reached ||= f < tolerance;
      return { candidate: { ...value, id: `c${used + k}`, index: used + k }, verdict: { pass: true, reward: -f, metrics: {} } } as EvaluatedCandidate;
    });
    used += values.length;
    started = process.hrtime.bigint();
    de.tell(results);
    strategyNs += process.hrtime.bigint() - started;
    if (reached) return { evaluations: used, microseconds: Number(strategyNs) / 1000 / used };
  }
  return { evaluations: -1, microseconds: Number(strategyNs) / 1000 / used };
}

/** Evaluations DE needs on the 10-D benchmarks (median of 5 seeds) and its own cost per candidate. */
export async function run(): Promise<BenchRow[]> {
  const seeds = [1, 2, 3, 4, 5];
  const rows: BenchRow[] = [];
  const cases = [
    { name: 'sphere-10 to f < 1e-8, rand/1/bin SFLSDE NP 20', objective: sphere, options: { populationSize: 20 }, tolerance: 1e-8, budget: 20000 },
    { name: 'sphere-10 to f < 1e-8, current-to-rand/1 NP 60 F 0.8', objective: sphere, options: { populationSize: 60, mutation: 'current-to-rand/1', adapt: false, initialF: 0.8 }, tolerance: 1e-8, budget: 60000 },
    { name: 'rosenbrock-10 to f < 1e-6, rand/1/bin SFLSDE NP 20', objective: rosenbrock, options: { populationSize: 20 }, tolerance: 1e-6, budget: 100000 },
  ];
  const microseconds: number[] = [];
  for (const { name, objective, options, tolerance, budget } of cases) {
    const outcomes = seeds.map((seed) => solve(objective, options, tolerance, budget, seed));
    const reached = outcomes.filter((outcome) => outcome.evaluations > 0).map((outcome) => outcome.evaluations);
    microseconds.push(...outcomes.map((outcome) => outcome.microseconds));
    rows.push({ name: `${name}: median evaluations`, value: reached.length ? median(reached) : NaN, unit: 'evaluations' });
    rows.push({ name: `${name}: seeds reaching it within ${budget}`, value: reached.length, unit: `of ${seeds.length}` });
  }
  const perCandidate = median(microseconds);
  rows.push({ name: 'DE ask + tell per candidate (10-D, median of the runs above)', value: perCandidate, unit: 'µs', target: '≤ 20 µs (small beside the runner\'s own cost)', ok: perCandidate <= 20 });
  return rows;
}
