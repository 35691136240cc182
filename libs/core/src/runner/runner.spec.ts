import type { CandidateValue, Json } from '../contracts/candidate';
import type { Evaluator, Verdict } from '../contracts/evaluator';
import type { EvaluatedCandidate, SearchStrategy } from '../contracts/search-strategy';
import { EventBus } from '../events/bus';
import type { RecsearchEvent } from '../events/event';
import type { Rng } from '../rng/rng';
import { RngStreams } from '../rng/rng-streams';
import type { Checkpoint } from './checkpoint';
import { Runner, type RunnerParts } from './runner';

/** Proposes random points and moves its centre toward the best one it was told of. */
class DriftingSearch implements SearchStrategy {
  readonly candidateKind = 'params';
  asks: number[] = [];
  private centre = 0;
  private bestReward = -Infinity;
  constructor(private readonly rng: Rng, private readonly limit = Infinity) {}
  ask(count: number): CandidateValue[] {
    this.asks.push(count);
    const n = Math.min(count, this.limit - this.asks.length + 1 > 0 ? count : 0);
    return Array.from({ length: n }, () => ({ kind: 'params' as const, params: { x: this.centre + this.rng.normal() } }));
  }
  tell(results: EvaluatedCandidate[]): void {
    for (const { candidate, verdict } of results) {
      if (candidate.kind === 'params' && verdict.pass && verdict.reward > this.bestReward) {
        this.bestReward = verdict.reward;
        this.centre = candidate.params['x'] as number;
      }
    }
  }
  isDone(): boolean {
    return this.asks.length >= this.limit;
  }
  snapshot(): Json {
    return { centre: this.centre, bestReward: this.bestReward === -Infinity ? null : this.bestReward, asks: this.asks };
  }
  restore(snapshot: Json): void {
    const state = snapshot as { centre: number; bestReward: number | null; asks: number[] };
    this.centre = state.centre;
    this.bestReward = state.bestReward ?? -Infinity;
    this.asks = [...state.asks];
  }
}

/** Passes points with x ≥ gate; reward −(x − 3)². Counts what it saw (its state). */
class Parabola implements Evaluator {
  readonly accepts = ['params'] as const;
  seen = 0;
  constructor(private readonly gate = -Infinity) {}
  evaluate(candidate: Parameters<Evaluator['evaluate']>[0]): Verdict {
    this.seen++;
    const x = candidate.kind === 'params' ? (candidate.params['x'] as number) : NaN;
    return x >= this.gate ? { pass: true, reward: -((x - 3) ** 2), metrics: { x } } : { pass: false, reward: -100, reason: 'below gate', metrics: { x } };
  }
  snapshot(): Json {
    return { seen: this.seen };
  }
  restore(snapshot: Json): void {
    this.seen = (snapshot as { seen: number }).seen;
  }
}

function parts(overrides: Partial<RunnerParts> & { limit?: number; gate?: number } = {}) {
  const streams = new RngStreams(7);
  const bus = new EventBus({ runId: 'r', lastSeq: overrides.bus?.lastSeq });
  const strategy = new DriftingSearch(streams.stream('/search'), overrides.limit);
  const first = new Parabola(overrides.gate);
  const second = new Parabola();
  const events: RecsearchEvent[] = [];
  const checkpoints: Checkpoint[] = [];
  const all: RunnerParts = {
    name: 'test',
    seed: 7,
    bus,
    streams,
    strategyId: 'drifting',
    strategy,
    stages: [{ id: 'first', evaluator: first }, { id: 'second', evaluator: second }],
    budget: { candidates: 20 },
    runner: { batchSize: 3, checkpointEverySteps: 2 },
    saveCheckpoint: (checkpoint) => checkpoints.push(JSON.parse(JSON.stringify(checkpoint))),
    ...overrides,
  };
  all.bus.on('record', (event) => events.push(event));
  return { parts: all, strategy, first, second, events, checkpoints };
}

const comparable = (events: RecsearchEvent[]) => events.map(({ type, seq, payload }) => ({ type, seq, payload: JSON.parse(JSON.stringify(payload, (key, value) => (key === 'elapsedSeconds' ? 0 : value))) }));

describe('Runner', () => {
  it('asks in batches until the candidate budget is spent, never over it', async () => {
    const { parts: p, strategy } = parts();
    const summary = await new Runner(p).run();
    expect(strategy.asks).toEqual([3, 3, 3, 3, 3, 3, 2]);
    expect(summary).toMatchObject({ status: 'finished', stoppedBy: 'candidates', progress: { candidates: 20, evaluations: 40 } });
  });

  it('stops on the evaluation budget and when the strategy is done', async () => {
    const byEvaluations = await new Runner(parts({ budget: { candidates: 100, evaluations: 10 } }).parts).run();
    expect(byEvaluations).toMatchObject({ stoppedBy: 'evaluations', progress: { evaluations: 12 } });
    const byStrategy = await new Runner(parts({ limit: 2 }).parts).run();
    expect(byStrategy).toMatchObject({ stoppedBy: 'strategy', progress: { candidates: 6 } });
  });

  it('sums the verdicts\' cost into trainedEpochs and stops once the trained-epoch budget is spent', async () => {
    // Stage one costs 0.5 epoch, stage two 1: every candidate passes both, so 1.5 per candidate.
    const costly = (cost: number, gate = -Infinity): Evaluator => {
      const inner = new Parabola(gate);
      return { accepts: ['params'], evaluate: (candidate) => ({ ...inner.evaluate(candidate), cost }) };
    };
    const { parts: p, events } = parts({ budget: { candidates: 100, trainedEpochs: 10 } });
    const summary = await new Runner({ ...p, stages: [{ id: 'half', evaluator: costly(0.5) }, { id: 'one', evaluator: costly(1) }] }).run();
    // Batches of 3 cost 4.5: after 2 steps 9 < 10, after 3 steps 13.5 ≥ 10.
    expect(summary).toMatchObject({ status: 'finished', stoppedBy: 'trained-epochs', progress: { candidates: 9, evaluations: 18, trainedEpochs: 13.5 } });
    const progress = events.filter((event) => event.type === 'candidate.evaluated').map((event) => (event.payload as { progress: { trainedEpochs: number } }).progress.trainedEpochs);
    expect(progress).toEqual([1.5, 3, 4.5, 6, 7.5, 9, 10.5, 12, 13.5]);
    // A candidate stopped at the first stage costs only that stage; a verdict without cost is free.
    const gated = parts({ gate: 0, budget: { candidates: 12 } });
    const gatedSummary = await new Runner({ ...gated.parts, stages: [{ id: 'half', evaluator: costly(0.5, 0) }, { id: 'free', evaluator: new Parabola() }] }).run();
    expect(gatedSummary.progress.trainedEpochs).toBe(6);
  });

  it('carries trainedEpochs across a checkpoint, and resumes to the same stop', async () => {
    const costly: Evaluator = { accepts: ['params'], evaluate: (candidate) => ({ ...new Parabola().evaluate(candidate), cost: 1 }) };
    const build = (extra: Partial<RunnerParts> = {}) => {
      const built = parts({ budget: { candidates: 100, trainedEpochs: 7 }, runner: { batchSize: 2, checkpointEverySteps: 1 }, ...extra });
      built.parts.stages = [{ id: 'costly', evaluator: costly }];
      return built;
    };
    const reference = build();
    const expected = await new Runner(reference.parts).run();
    expect(expected).toMatchObject({ stoppedBy: 'trained-epochs', progress: { candidates: 8, trainedEpochs: 8 } });
    const checkpoint = reference.checkpoints[1];
    expect(checkpoint.runner.trainedEpochs).toBe(4);
    const resumed = build({ bus: new EventBus({ runId: 'r', lastSeq: checkpoint.seq }) });
    const runner = new Runner(resumed.parts);
    runner.restore(checkpoint, checkpoint.seq);
    expect({ ...(await runner.run()), elapsedSeconds: 0 }).toEqual({ ...expected, elapsedSeconds: 0 });
  });

  it('ends a candidate\'s pipeline at the first stage that does not pass, and keeps the best passing one', async () => {
    const { parts: p, first, second, events } = parts({ gate: 0 });
    const summary = await new Runner(p).run();
    const verdicts = events.filter((event) => event.type === 'candidate.evaluated').map((event) => event.payload as { verdict: Verdict });
    const failed = verdicts.filter(({ verdict }) => !verdict.pass);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every(({ verdict }) => verdict.stage === 'first' && verdict.reason === 'below gate')).toBe(true);
    expect(first.seen).toBe(20);
    expect(second.seen).toBe(20 - failed.length);
    const bestReward = Math.max(...verdicts.filter(({ verdict }) => verdict.pass).map(({ verdict }) => verdict.reward));
    expect(summary.best?.verdict.reward).toBe(bestReward);
    expect(summary.best?.verdict.stage).toBe('second');
  });

  it('announces the run in order: started, proposed → verdicts → evaluated, told, checkpoints, finished', async () => {
    const { parts: p, events } = parts({ budget: { candidates: 3 } });
    await new Runner(p).run();
    expect(events.map((event) => event.type)).toEqual([
      'run.started',
      ...Array(3).fill(['candidate.proposed', 'evaluator.verdict', 'evaluator.verdict', 'candidate.evaluated']).flat(),
      'strategy.told',
      'checkpoint.written',
      'run.finished',
    ]);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('refuses an evaluator that cannot take the strategy\'s candidates', () => {
    const { parts: p } = parts();
    const expressionsOnly = { ...new Parabola(), accepts: ['expression'] as const, evaluate: () => ({ pass: true, reward: 0, metrics: {} }) };
    expect(() => new Runner({ ...p, stages: [{ id: 'expr', evaluator: expressionsOnly }] })).toThrow(/evaluator expr accepts expression candidates, but strategy drifting proposes params/);
  });

  it('reports a failing evaluator as run.failed and rethrows', async () => {
    const { parts: p, events } = parts();
    const failing: Evaluator = { accepts: ['params'], evaluate: () => { throw new Error('out of memory'); } };
    await expect(new Runner({ ...p, stages: [{ id: 'bad', evaluator: failing }] }).run()).rejects.toThrow('out of memory');
    expect(events[events.length - 1]).toMatchObject({ type: 'run.failed', payload: { message: 'out of memory', summary: { status: 'failed' } } });
  });

  it('finishes the current step when asked to stop, checkpoints, and ends as interrupted', async () => {
    const { parts: p, events, checkpoints } = parts({ runner: { batchSize: 3, checkpointEverySteps: 100 } });
    const runner = new Runner(p);
    p.bus.on('stopper', (event) => {
      if (event.type === 'candidate.proposed' && event.payload.candidate.index === 4) runner.requestStop();
    });
    const summary = await runner.run();
    expect(summary).toMatchObject({ status: 'interrupted', stoppedBy: 'interrupt', progress: { candidates: 6 } });
    expect(checkpoints).toHaveLength(1);
    expect(checkpoints[0].runner.candidates).toBe(6);
    expect(events[events.length - 1].type).toBe('run.interrupted');
    expect(checkpoints[0].seq).toBe(events[events.length - 1].seq);

    const resumed = parts({ bus: new EventBus({ runId: 'r', lastSeq: checkpoints[0].seq }), runner: { batchSize: 3, checkpointEverySteps: 100 } });
    const continued = new Runner(resumed.parts);
    continued.restore(checkpoints[0], checkpoints[0].seq);
    const final = await continued.run();
    const reference = await new Runner(parts({ runner: { batchSize: 3, checkpointEverySteps: 100 } }).parts).run();
    expect({ ...final, elapsedSeconds: 0 }).toEqual({ ...reference, elapsedSeconds: 0 });
    expect(resumed.events.map((event) => event.seq)[0]).toBe(checkpoints[0].seq + 1);
  });

  it.each([0, 1, 2])('resumed from mid-run checkpoint %i, ends exactly as an uninterrupted run, replaying the lost events', async (which) => {
    const reference = parts();
    const expectedSummary = await new Runner(reference.parts).run();

    expect(reference.checkpoints).toHaveLength(4); // steps 2, 4, 6 and the final one
    const checkpoint = reference.checkpoints[which];
    // The crash happened some events after the checkpoint: those are already in the log.
    const lastLoggedSeq = checkpoint.seq + 5;
    const resumed = parts({ bus: new EventBus({ runId: 'r', lastSeq: checkpoint.seq }) });
    const runner = new Runner(resumed.parts);
    runner.restore(checkpoint, lastLoggedSeq);
    const summary = await runner.run();

    const strip = (s: typeof summary) => ({ ...s, elapsedSeconds: 0 });
    expect(strip(summary)).toEqual(strip(expectedSummary));
    expect(resumed.first.seen).toBe(reference.first.seen);
    const replayed = comparable(resumed.events);
    const resumedAt = replayed.findIndex((event) => event.type === 'run.resumed');
    expect(replayed[resumedAt - 1]?.seq ?? checkpoint.seq).toBe(lastLoggedSeq);
    // Everything but the resume marker is the reference log from the checkpoint on, renumbered after it.
    const withoutMarker = replayed.filter((event) => event.type !== 'run.resumed').map(({ type, payload }) => ({ type, payload }));
    const expected = comparable(reference.events).filter((event) => event.seq > checkpoint.seq).map(({ type, payload }) => ({ type, payload }));
    expect(withoutMarker).toEqual(expected);
  });
});
