import { SingleBar } from 'cli-progress';
import { candidateEvaluated, evaluatorVerdict, ofType, phaseStarted, runFailed, runFinished, runInterrupted, type EventBus } from '@recsearch/core';

/**
 * A progress bar with rate and ETA on an interactive stderr, and how candidates fare at each
 * stage (`proxy-test ✓44 ✗356 · reward-filter ✓4 ✗40`); nothing when stderr is not a terminal.
 */
export function showProgress(bus: EventBus, total: number, alreadyDone: number): void {
  const bar = new SingleBar({
    format: 'candidates |{bar}| {value}/{total} | {rate}/s | ETA {eta_formatted} | best {best} | {stages}',
    stream: process.stderr,
    hideCursor: true,
    etaBuffer: 50,
  });
  const stages = new Map<string, { passed: number; failed: number }>();
  let started = Date.now();
  let done = alreadyDone;
  bar.start(total, alreadyDone, { best: '—', rate: '0', stages: '' });
  bus.on('progress/phase', ofType(phaseStarted), ({ payload }) => {
    stages.clear();
    started = Date.now();
    done = 0;
    bar.setTotal(payload.candidates);
    bar.update(0, { best: '—', stages: `phase ${payload.name}` });
  });
  bus.on('progress/stages', ofType(evaluatorVerdict), ({ payload }) => {
    const counts = stages.get(payload.stage) ?? { passed: 0, failed: 0 };
    counts[payload.verdict.pass ? 'passed' : 'failed']++;
    stages.set(payload.stage, counts);
  });
  bus.on('progress', ofType(candidateEvaluated), ({ payload }) => {
    const seconds = (Date.now() - started) / 1000;
    bar.update(payload.progress.candidates, {
      rate: seconds > 0 ? ((payload.progress.candidates - done) / seconds).toFixed(1) : '0',
      stages: [...stages].map(([stage, counts]) => `${stage} ✓${counts.passed} ✗${counts.failed}`).join(' · '),
      ...(payload.isBest ? { best: payload.verdict.reward.toPrecision(4) } : {}),
    });
  });
  bus.on('progress/end', ofType(runFinished, runInterrupted, runFailed), () => bar.stop());
}
