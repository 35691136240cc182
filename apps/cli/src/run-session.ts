import {
  assembleRun,
  EventBus,
  ofType,
  Runner,
  subscriberFailed,
  type ResolvedConfig,
  type RunSummary,
} from '@recsearch/core';
import { RunStore } from '@recsearch/tracking';
import { registryWith } from './environment';
import type { Output } from './output';
import { showProgress } from './progress';

export const EXIT_INTERRUPTED = 130;

export interface SessionResult {
  summary: RunSummary;
  runDir: string;
  exitCode: number;
}

function formatSummary(summary: RunSummary, runDir: string): string {
  const lines = [
    `run ${summary.status} (${summary.stoppedBy}): ${summary.progress.candidates} candidates, ${summary.progress.evaluations} evaluations in ${summary.elapsedSeconds.toFixed(2)} s`,
  ];
  if (summary.best) {
    const { candidate, verdict } = summary.best;
    const what = candidate.kind === 'params' ? JSON.stringify(candidate.params) : candidate.expression;
    lines.push(`best: ${candidate.id} reward ${verdict.reward} ${what}`);
  }
  lines.push(`run folder: ${runDir}`);
  return lines.join('\n');
}

/**
 * Runs (or resumes) one run against its store: events to the log, checkpoints, summary,
 * progress on stderr. Ctrl-C once finishes the current step, checkpoints and exits 130 with
 * the resume command; twice abandons at once (the last checkpoint is already on disk).
 */
export async function runSession(store: RunStore, config: ResolvedConfig, configDir: string, output: Output): Promise<SessionResult> {
  const registry = await registryWith(config.plugins, configDir);
  const bus = new EventBus({ runId: store.runId, lastSeq: store.checkpoint?.seq ?? 0 });
  store.attach(bus);
  bus.on('logger', (event) => output.logger.debug({ event }, event.type));
  bus.on('logger/failures', ofType(subscriberFailed), ({ payload }) => output.logger.warn(payload, 'a bus subscriber failed'));
  const parts = assembleRun(config, { registry, bus, run: { runId: store.runId, name: config.name ?? store.runId, seed: config.seed, configDir } }, (checkpoint) =>
    store.saveCheckpoint(checkpoint),
  );
  const runner = new Runner(parts);
  if (store.checkpoint || store.lastLoggedSeq > 0) {
    if (store.checkpoint) runner.restore(store.checkpoint, store.lastLoggedSeq);
    else runner.replayFromStart(store.lastLoggedSeq);
  }
  if (output.isInteractive) showProgress(bus, config.budget.candidates, store.checkpoint?.runner.candidates ?? 0);

  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      output.say('\nstopping after the current step (Ctrl-C again to abandon it)…');
      runner.requestStop();
    } else {
      output.say(`\nabandoned; resume from the last checkpoint with: recsearch resume ${store.dir}`);
      process.exit(EXIT_INTERRUPTED);
    }
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  try {
    const summary = await runner.run();
    output.result({ runDir: store.dir, summary }, formatSummary(summary, store.dir));
    if (summary.status === 'interrupted') {
      output.say(`resume with: recsearch resume ${store.dir}`);
      return { summary, runDir: store.dir, exitCode: EXIT_INTERRUPTED };
    }
    return { summary, runDir: store.dir, exitCode: 0 };
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    store.close();
  }
}
