import { SingleBar } from 'cli-progress';
import { candidateEvaluated, ofType, runFailed, runFinished, runInterrupted, type EventBus } from '@recsearch/core';

/** A progress bar with rate and ETA on an interactive stderr; nothing otherwise. */
export function showProgress(bus: EventBus, total: number, alreadyDone: number): void {
  const bar = new SingleBar(
    {
      format: 'candidates |{bar}| {value}/{total} | best reward {best} | {rate}/s | ETA {eta_formatted}',
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    },
  );
  const started = Date.now();
  bar.start(total, alreadyDone, { best: '—', rate: '0' });
  bus.on('progress', ofType(candidateEvaluated), ({ payload }) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? ((payload.progress.candidates - alreadyDone) / seconds).toFixed(1) : '0';
    bar.update(payload.progress.candidates, {
      rate,
      ...(payload.isBest ? { best: payload.verdict.reward.toPrecision(6) } : {}),
    });
  });
  bus.on('progress/end', ofType(runFinished, runInterrupted, runFailed), () => bar.stop());
}
