import type { CandidateValue } from '../contracts/candidate';
import { runResumed, type RunSummary } from '../events/run-events';
import type { Checkpoint } from './checkpoint';
import { Runner, type RunnerParts } from './runner';
import { survivorsOf } from './survivor-list';

/** One phase: builds its runner parts, given the earlier phase's survivors (none for the first). */
export interface PhasePlan {
  name: string;
  build(given: CandidateValue[] | undefined): RunnerParts;
}

interface Resume {
  checkpoint: Checkpoint;
  lastLoggedSeq: number;
}

/**
 * Runs phases one after another (AutoLossGen: search, validation check, effectiveness test):
 * each later phase evaluates the earlier phase's passed candidates, best first. Checkpoints
 * carry the phase and what it was given, so a run resumes inside any phase.
 */
export class PhasedRun {
  private resume?: Resume;
  private current?: Runner;
  private stopRequested = false;

  constructor(private readonly plans: readonly PhasePlan[], private readonly saveCheckpoint?: (checkpoint: Checkpoint) => void) {}

  private replayThrough?: number;

  restore(checkpoint: Checkpoint, lastLoggedSeq: number): void {
    this.resume = { checkpoint, lastLoggedSeq };
  }

  /** Continues a run that died before its first checkpoint: it replays from the start. */
  replayFromStart(lastLoggedSeq: number): void {
    this.replayThrough = lastLoggedSeq;
  }

  requestStop(): void {
    this.stopRequested = true;
    this.current?.requestStop();
  }

  async run(): Promise<RunSummary> {
    const phase = this.resume?.checkpoint.phase;
    let given: CandidateValue[] | undefined = phase && phase.index > 0 ? phase.given : undefined;
    const earlier: RunSummary[] = phase ? [...phase.earlier] : [];
    let start = phase?.index ?? 0;
    const closed = this.resume?.checkpoint.closed;
    let closedAt: Resume | undefined;
    if (closed && this.resume && start < this.plans.length - 1) {
      // The checkpoint was taken as this phase ended: go straight on to the next one.
      earlier.push(closed);
      given = survivorsOf(this.resume.checkpoint.runner.passed);
      start++;
      closedAt = this.resume;
      this.resume = undefined;
    }
    for (let index = start; index < this.plans.length; index++) {
      const plan = this.plans[index];
      const parts = plan.build(given);
      if (closedAt) {
        parts.streams.restore(closedAt.checkpoint.rng);
        parts.bus.announceAfter(closedAt.lastLoggedSeq, runResumed({ fromCheckpointSeq: closedAt.checkpoint.seq, replayedThroughSeq: closedAt.lastLoggedSeq }));
        closedAt = undefined;
      }
      const first = index === 0;
      const last = index === this.plans.length - 1;
      const runner = new Runner({
        ...parts,
        idPrefix: first ? '' : `p${index + 1}-`,
        keepPassed: !last,
        phase: { index, name: plan.name, first, last },
        saveCheckpoint: (checkpoint) => this.saveCheckpoint?.({ ...checkpoint, phase: { index, given: given ?? [], earlier } }),
      });
      this.current = runner;
      if (this.stopRequested) runner.requestStop();
      if (this.replayThrough !== undefined) {
        runner.replayFromStart(this.replayThrough);
        this.replayThrough = undefined;
      }
      if (this.resume && (this.resume.checkpoint.phase?.index ?? 0) === index) {
        runner.restore(this.resume.checkpoint, this.resume.lastLoggedSeq);
        this.resume = undefined;
      }
      const summary = await runner.run();
      if (summary.status !== 'finished' || last) return earlier.length ? { ...summary, phases: earlier } : summary;
      earlier.push(summary);
      given = survivorsOf(runner.passed);
    }
    throw new Error('a phased run needs at least one phase');
  }
}
