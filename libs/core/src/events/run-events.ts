import type { Candidate } from '../contracts/candidate';
import type { Verdict } from '../contracts/evaluator';
import { defineEvent } from './event';

export interface RunProgress {
  candidates: number;
  evaluations: number;
  /** Training epochs the evaluators spent so far (the sum of their verdicts' `cost`). */
  trainedEpochs?: number;
}

export interface BestCandidate {
  candidate: Candidate;
  verdict: Verdict;
}

export interface RunSummary {
  name: string;
  status: 'finished' | 'interrupted' | 'failed';
  stoppedBy: 'candidates' | 'evaluations' | 'wall-time' | 'trained-epochs' | 'strategy' | 'interrupt' | 'error';
  progress: RunProgress;
  /** Wall-clock time spent, summed over resumed sessions. */
  elapsedSeconds: number;
  best: BestCandidate | null;
  /** In a phased run, the summaries of the phases before the last. */
  phases?: RunSummary[];
}

declare module './event' {
  interface EventPayloads {
    'run.started': { name: string; seed: number; strategy: string; evaluators: string[] };
    'run.resumed': { fromCheckpointSeq: number; replayedThroughSeq: number };
    'candidate.proposed': { candidate: Candidate };
    'evaluator.verdict': { candidateId: string; stage: string; verdict: Verdict };
    'candidate.evaluated': { candidate: Candidate; verdict: Verdict; isBest: boolean; progress: RunProgress };
    'strategy.told': { step: number; count: number };
    'checkpoint.written': { step: number; file: string };
    'run.interrupted': { summary: RunSummary };
    'phase.started': { index: number; name: string; candidates: number };
    'phase.finished': { index: number; name: string; summary: RunSummary };
    'run.finished': { summary: RunSummary };
    'run.failed': { message: string; summary: RunSummary };
    'bus.subscriber-failed': { subscriber: string; eventType: string; eventSeq: number; message: string };
  }
}

/** [Runner] events: the life of a run and of each candidate in it. */
export const runStarted = defineEvent('run.started');
export const runResumed = defineEvent('run.resumed');
export const candidateProposed = defineEvent('candidate.proposed');
export const evaluatorVerdict = defineEvent('evaluator.verdict');
export const candidateEvaluated = defineEvent('candidate.evaluated');
export const strategyTold = defineEvent('strategy.told');
export const checkpointWritten = defineEvent('checkpoint.written');
export const runInterrupted = defineEvent('run.interrupted');
/** [Runner] a later phase of a phased run (e.g. AutoLossGen's validation check) starts and ends. */
export const phaseStarted = defineEvent('phase.started');
export const phaseFinished = defineEvent('phase.finished');
export const runFinished = defineEvent('run.finished');
export const runFailed = defineEvent('run.failed');
/** [Bus] a subscriber threw; the stream and the run go on. */
export const subscriberFailed = defineEvent('bus.subscriber-failed');
