import {
  assemblePhases,
  EventBus,
  ofType,
  PhasedRun,
  RngStreams,
  subscriberFailed,
  type CandidateValue,
  type ResolvedConfig,
  type RunSummary,
} from '@recsearch/core';
import { join } from 'node:path';
import { isNamedLoss, NAMED_LOSSES, RunOperatorTable, type OperatorTable } from '@recsearch/expr';
import { readEventLog, RUN_FILES, RunStore } from '@recsearch/tracking';
import { lossSearchReport, writeLossReport } from './loss-report';
import { registryWith } from './environment';
import type { Output } from './output';
import { showProgress } from './progress';
import { runServices } from './run-services';

export const EXIT_INTERRUPTED = 130;

/** A phase's `include` entry: a named loss (mse, bce, …) or an expression. */
function includedCandidate(entry: string): CandidateValue {
  const name = entry.toLowerCase();
  return { kind: 'expression', expression: isNamedLoss(name) ? NAMED_LOSSES[name].source : entry };
}

export interface SessionResult {
  summary: RunSummary;
  runDir: string;
  exitCode: number;
}

function formatSummary(summary: RunSummary, runDir: string): string {
  const lines = [
    `run ${summary.status} (${summary.stoppedBy}): ${summary.progress.candidates} candidates, ${summary.progress.evaluations} evaluations${summary.progress.trainedEpochs ? `, ${+summary.progress.trainedEpochs.toFixed(1)} trained epochs` : ''} in ${summary.elapsedSeconds.toFixed(2)} s`,
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
  const fresh = !store.checkpoint && store.lastLoggedSeq === 0;
  let prepared: Awaited<ReturnType<typeof prepareSession>>;
  try {
    prepared = await prepareSession(store, config, configDir, output);
  } catch (error) {
    // Nothing ran: leave no half-made run folder behind.
    store.close();
    if (fresh) store.discard();
    throw error;
  }
  if (fresh) output.say(`run folder: ${store.dir}`);
  return driveSession(store, prepared.runner, prepared.table, output);
}

async function prepareSession(store: RunStore, config: ResolvedConfig, configDir: string, output: Output) {
  const registry = await registryWith(config.plugins, configDir);
  const bus = new EventBus({ runId: store.runId, lastSeq: store.checkpoint?.seq ?? 0 });
  bus.on('logger', (event) => output.logger.debug({ event }, event.type));
  bus.on('logger/failures', ofType(subscriberFailed), ({ payload }) => output.logger.warn(payload, 'a bus subscriber failed'));
  const run = { runId: store.runId, name: config.name ?? store.runId, seed: config.seed, configDir };
  const streams = new RngStreams(config.seed);
  const services = await runServices(config, { registry, bus, run }, streams, store.meta.configFile);
  const runner = new PhasedRun(assemblePhases(config, { registry, bus, run, services }, streams, includedCandidate), (checkpoint) =>
    store.saveCheckpoint(checkpoint),
  );
  // A run whose log cannot be written stops at the next step; the store refuses its checkpoint.
  bus.on('stop-on-store-failure', ofType(subscriberFailed), ({ payload }) => {
    if (payload.subscriber === 'run-store') runner.requestStop();
  });
  if (store.checkpoint || store.lastLoggedSeq > 0) {
    if (store.checkpoint) runner.restore(store.checkpoint, store.lastLoggedSeq);
    else runner.replayFromStart(store.lastLoggedSeq);
  }
  store.attach(bus);
  if (output.isInteractive) showProgress(bus, config.budget.candidates, store.checkpoint?.runner.candidates ?? 0);
  return { runner, table: services.get(RunOperatorTable) as OperatorTable };
}

/**
 * Until the returned function is called, a first Ctrl-C (or SIGTERM) says it is `stopping` and
 * calls `stop`; a second abandons the run in `runDir`: exit 130 with its resume command.
 */
export function stopOnInterrupt(output: Output, runDir: string, stopping: string, stop: () => void): () => void {
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      output.say(`\n${stopping} (Ctrl-C again to abandon it)…`);
      stop();
    } else {
      output.say(`\nabandoned; resume from the last checkpoint with: recsearch resume ${runDir}`);
      process.exit(EXIT_INTERRUPTED);
    }
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  return () => {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  };
}

async function driveSession(store: RunStore, runner: PhasedRun, table: OperatorTable, output: Output): Promise<SessionResult> {
  const release = stopOnInterrupt(output, store.dir, 'stopping after the current step', () => runner.requestStop());
  try {
    const summary = await runner.run();
    const report = summary.status === 'finished' ? lossSearchReport(readEventLog(join(store.dir, RUN_FILES.events)), table) : undefined;
    const markdown = report ? writeLossReport(store.dir, report) : '';
    output.result({ runDir: store.dir, summary, report }, [markdown, formatSummary(summary, store.dir)].filter(Boolean).join('\n'));
    if (summary.status === 'interrupted') {
      output.say(`resume with: recsearch resume ${store.dir}`);
      return { summary, runDir: store.dir, exitCode: EXIT_INTERRUPTED };
    }
    return { summary, runDir: store.dir, exitCode: 0 };
  } finally {
    release();
    store.close();
  }
}
