import type { Candidate, Json } from '../contracts/candidate';
import type { Evaluator, Verdict } from '../contracts/evaluator';
import type { EvaluatedCandidate, SearchStrategy } from '../contracts/search-strategy';
import type { ResolvedConfig } from '../config/resolved-config';
import { RecsearchError } from '../errors';
import type { EventBus } from '../events/bus';
import {
  candidateEvaluated,
  candidateProposed,
  checkpointWritten,
  evaluatorVerdict,
  phaseFinished,
  phaseStarted,
  runFailed,
  runFinished,
  runInterrupted,
  runResumed,
  runStarted,
  strategyTold,
  type RunSummary,
} from '../events/run-events';
import type { RngStreams } from '../rng/rng-streams';
import type { Checkpoint, RunnerState } from './checkpoint';
import { yieldToEventLoop } from './yield-to-event-loop';

export interface PipelineStage {
  id: string;
  evaluator: Evaluator;
}

export interface RunnerParts {
  name: string;
  seed: number;
  bus: EventBus;
  streams: RngStreams;
  strategyId: string;
  strategy: SearchStrategy;
  stages: PipelineStage[];
  budget: ResolvedConfig['budget'];
  runner: ResolvedConfig['runner'];
  /** Persists a checkpoint (atomically); called after its `checkpoint.written` event. */
  saveCheckpoint?: (checkpoint: Checkpoint) => void;
  /** Prefix of candidate ids (`p2-` gives `p2-c0`, …), so the phases of a run never share ids. */
  idPrefix?: string;
  /** Keep every passed candidate's result in the runner state (for the next phase). */
  keepPassed?: boolean;
  /** In a phased run, only the first phase announces the run's start and only the last its end. */
  phase?: { index: number; name: string; first: boolean; last: boolean };
  now?: () => number;
}

type StopReason = RunSummary['stoppedBy'];

/** The runner's counters in memory: the training done is always counted (from 0 on an old checkpoint). */
type LiveRunnerState = RunnerState & { trainedEpochs: number };

/**
 * Steps any strategy: ask → evaluator pipeline → tell, inside the budgets, announcing
 * everything on the bus and checkpointing every few steps. A stop request (Ctrl-C) lets the
 * current step finish, checkpoints, and ends the run as interrupted.
 */
export class Runner {
  private state: LiveRunnerState = { step: 0, candidates: 0, evaluations: 0, elapsedMs: 0, trainedEpochs: 0, best: null, passed: [] };
  private stopRequested = false;
  private checkpointedStep = -1;
  private resumed = false;
  private readonly now: () => number;

  constructor(private readonly parts: RunnerParts) {
    this.now = parts.now ?? Date.now;
    // A strategy with nothing to propose (an empty survivor list) cannot mismatch.
    for (const stage of parts.strategy.isDone?.() ? [] : parts.stages) {
      if (!stage.evaluator.accepts.includes(parts.strategy.candidateKind)) {
        throw new RecsearchError(
          `evaluator ${stage.id} accepts ${stage.evaluator.accepts.join('/')} candidates, but strategy ${parts.strategyId} proposes ${parts.strategy.candidateKind}`,
        );
      }
    }
  }

  /** Continues from a checkpoint; `lastLoggedSeq` is the last event already in the log. */
  restore(checkpoint: Checkpoint, lastLoggedSeq: number): void {
    this.state = { trainedEpochs: 0, ...structuredClone(checkpoint.runner) };
    this.checkpointedStep = checkpoint.runner.step;
    this.parts.strategy.restore(checkpoint.strategy);
    this.parts.stages.forEach((stage, i) => stage.evaluator.restore?.(checkpoint.evaluators[i]));
    this.parts.streams.restore(checkpoint.rng);
    this.resumed = true;
    this.parts.bus.announceAfter(lastLoggedSeq, runResumed({ fromCheckpointSeq: checkpoint.seq, replayedThroughSeq: lastLoggedSeq }));
  }

  /** Continues a run that died before its first checkpoint: it replays from the start. */
  replayFromStart(lastLoggedSeq: number): void {
    this.parts.bus.announceAfter(lastLoggedSeq, runResumed({ fromCheckpointSeq: 0, replayedThroughSeq: lastLoggedSeq }));
  }

  requestStop(): void {
    this.stopRequested = true;
  }

  /** The passed candidates so far (with `keepPassed`). */
  get passed(): readonly EvaluatedCandidate[] {
    return this.state.passed;
  }

  async run(): Promise<RunSummary> {
    const { bus, strategy } = this.parts;
    const sessionStart = this.now();
    const elapsedBefore = this.state.elapsedMs;
    const tick = () => (this.state.elapsedMs = elapsedBefore + (this.now() - sessionStart));
    const phase = this.parts.phase;
    if (!this.resumed && phase && !phase.first) bus.emit(phaseStarted({ index: phase.index, name: phase.name, candidates: this.parts.budget.candidates }));
    if (!this.resumed && (!phase || phase.first)) {
      bus.emit(runStarted({
        name: this.parts.name,
        seed: this.parts.seed,
        strategy: this.parts.strategyId,
        evaluators: this.parts.stages.map((stage) => stage.id),
      }));
    }
    try {
      let stoppedBy = this.budgetReason();
      while (!stoppedBy) {
        const results = await this.step();
        tick();
        if (!results) {
          stoppedBy = 'strategy';
          break;
        }
        await strategy.tell(results);
        this.state.step++;
        bus.emit(strategyTold({ step: this.state.step, count: results.length }));
        if (this.state.step % this.parts.runner.checkpointEverySteps === 0) this.checkpoint();
        await yieldToEventLoop();
        stoppedBy = this.stopRequested ? 'interrupt' : this.budgetReason();
      }
      tick();
      if (this.checkpointedStep !== this.state.step) this.announceCheckpoint();
      const summary = this.summary(stoppedBy === 'interrupt' ? 'interrupted' : 'finished', stoppedBy);
      if (stoppedBy === 'interrupt') bus.emit(runInterrupted({ summary }));
      else if (phase && !phase.last) bus.emit(phaseFinished({ index: phase.index, name: phase.name, summary }));
      else bus.emit(runFinished({ summary }));
      // Saved after the closing event, so a resumed run numbers its events after it.
      this.saveCheckpoint(summary);
      return summary;
    } catch (error) {
      tick();
      const summary = this.summary('failed', 'error');
      bus.emit(runFailed({ message: (error as Error).message, summary }));
      throw error;
    }
  }

  /** One ask → evaluate → (results) round; undefined when the strategy has nothing more. */
  private async step(): Promise<EvaluatedCandidate[] | undefined> {
    const { strategy, bus, budget, runner } = this.parts;
    if (strategy.isDone?.()) return undefined;
    const count = Math.min(runner.batchSize, budget.candidates - this.state.candidates);
    const values = await strategy.ask(count);
    if (values.length === 0) return undefined;
    const results: EvaluatedCandidate[] = [];
    for (const value of values) {
      if (value.kind !== strategy.candidateKind) {
        throw new RecsearchError(`strategy ${this.parts.strategyId} proposed a ${value.kind} candidate, not ${strategy.candidateKind}`);
      }
      const index = this.state.candidates++;
      const candidate = { ...value, id: `${this.parts.idPrefix ?? ''}c${index}`, index } as Candidate;
      bus.emit(candidateProposed({ candidate }));
      const verdict = await this.evaluate(candidate);
      const isBest = verdict.pass && (!this.state.best || verdict.reward > this.state.best.verdict.reward);
      if (isBest) this.state.best = { candidate, verdict };
      bus.emit(candidateEvaluated({ candidate, verdict, isBest, progress: this.progress() }));
      results.push({ candidate, verdict });
      if (this.parts.keepPassed && verdict.pass) this.state.passed.push({ candidate, verdict });
    }
    return results;
  }

  /** Runs the stages in order; the first failing stage's verdict (or the last one's) is final. */
  private async evaluate(candidate: Candidate): Promise<Verdict> {
    const earlier: Verdict[] = [];
    for (const { id, evaluator } of this.parts.stages) {
      const verdict: Verdict = { ...(await evaluator.evaluate(candidate, { runId: this.parts.bus.runId, bus: this.parts.bus, earlier })), stage: id };
      this.state.evaluations++;
      if (verdict.cost !== undefined && Number.isFinite(verdict.cost) && verdict.cost > 0) this.state.trainedEpochs += verdict.cost;
      this.parts.bus.emit(evaluatorVerdict({ candidateId: candidate.id, stage: id, verdict }));
      earlier.push(verdict);
      if (!verdict.pass) break;
    }
    return earlier[earlier.length - 1];
  }

  private checkpoint(): void {
    this.announceCheckpoint();
    this.saveCheckpoint();
  }

  /**
   * Announced before the file is written: if we die in between, the replay from the previous
   * checkpoint re-creates this very event and the log keeps one copy of it.
   */
  private announceCheckpoint(): void {
    this.checkpointedStep = this.state.step;
    this.parts.bus.emit(checkpointWritten({ step: this.state.step, file: 'checkpoint.json' }));
  }

  /** The checkpoint covers every event emitted so far. */
  private saveCheckpoint(closed?: RunSummary): void {
    this.parts.saveCheckpoint?.({
      ...(closed ? { closed } : {}),
      version: 1,
      seq: this.parts.bus.lastSeq,
      runner: structuredClone(this.state),
      strategy: this.parts.strategy.snapshot(),
      evaluators: this.parts.stages.map((stage) => (stage.evaluator.snapshot?.() ?? null) as Json),
      rng: this.parts.streams.snapshot(),
    });
  }

  private budgetReason(): StopReason | undefined {
    const { budget } = this.parts;
    if (this.state.candidates >= budget.candidates) return 'candidates';
    if (budget.evaluations !== undefined && this.state.evaluations >= budget.evaluations) return 'evaluations';
    if (budget.trainedEpochs !== undefined && this.state.trainedEpochs >= budget.trainedEpochs) return 'trained-epochs';
    if (budget.wallTimeSeconds !== undefined && this.state.elapsedMs >= budget.wallTimeSeconds * 1000) return 'wall-time';
    return undefined;
  }

  private progress() {
    return { candidates: this.state.candidates, evaluations: this.state.evaluations, trainedEpochs: this.state.trainedEpochs };
  }

  private summary(status: RunSummary['status'], stoppedBy: StopReason): RunSummary {
    return {
      name: this.parts.name,
      status,
      stoppedBy,
      progress: this.progress(),
      elapsedSeconds: this.state.elapsedMs / 1000,
      best: this.state.best,
    };
  }
}
