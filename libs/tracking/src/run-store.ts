import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  RecsearchError,
  RunStoreError,
  runFailed,
  runFinished,
  runInterrupted,
  ofType,
  type Checkpoint,
  type EventBus,
  type ResolvedConfig,
  type RunSummary,
} from '@recsearch/core';
import { writeJsonAtomic } from './atomic-write';
import { RunLock } from './run-lock';
import { EventLog, readEventLog } from './event-log';

export const RUN_FILES = {
  meta: 'run.json',
  config: 'config.resolved.json',
  events: 'events.jsonl',
  checkpoint: 'checkpoint.json',
  summary: 'summary.json',
  lock: 'run.lock',
} as const;

/** File-system failures (a read-only or full disk) become one clear error naming the folder. */
function withFolderErrors<T>(what: string, act: () => T): T {
  try {
    return act();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code || error instanceof RecsearchError) throw error;
    throw new RunStoreError(`${what}: ${(error as Error).message}`);
  }
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** A folder `runsDir/<time>-<name>` that does not exist yet (`-2`, `-3`… appended until so); nothing is made. */
export function uniqueRunDir(runsDir: string, name: string, now = new Date()): string {
  const base = join(resolve(runsDir), `${timestamp(now)}-${name}`);
  let dir = base;
  for (let n = 2; existsSync(dir); n++) dir = `${base}-${n}`;
  return dir;
}

function readJson<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

/** Where a run came from, for resuming it from anywhere. */
export interface RunMeta {
  configFile: string;
  configDir: string;
  createdAt: string;
}

/**
 * One run's folder: `run.json` (where it came from), `config.resolved.json`, `events.jsonl` (append-only), `checkpoint.json`
 * (atomic) and `summary.json` (at the end).
 */
export class RunStore {
  private readonly log: EventLog;
  /** The first failed write of the log (disk full, folder gone): no checkpoint may pass it. */
  private writeFailure?: Error;

  private constructor(
    readonly dir: string,
    readonly meta: RunMeta,
    readonly config: ResolvedConfig,
    readonly checkpoint: Checkpoint | undefined,
    lastSeq: number,
    private readonly lock: RunLock,
  ) {
    this.log = new EventLog(join(dir, RUN_FILES.events), lastSeq);
  }

  get runId(): string {
    return basename(this.dir);
  }

  /** The last event already in the log: a resumed run's replay stops being silent after it. */
  get lastLoggedSeq(): number {
    return this.log.lastWrittenSeq;
  }

  /** Makes `runsDir/<time>-<name>/` (never reusing a folder) and writes the resolved config. */
  static create(runsDir: string, name: string, config: ResolvedConfig, source: { configFile: string }, now = new Date()): RunStore {
    const dir = uniqueRunDir(runsDir, name, now);
    return withFolderErrors(`cannot create a run folder in ${resolve(runsDir)}`, () => {
      mkdirSync(dir, { recursive: true });
      const lock = RunLock.acquire(join(dir, RUN_FILES.lock));
      const configFile = resolve(source.configFile);
      const meta: RunMeta = { configFile, configDir: dirname(configFile), createdAt: now.toISOString() };
      writeJsonAtomic(join(dir, RUN_FILES.meta), meta);
      writeJsonAtomic(join(dir, RUN_FILES.config), config);
      return new RunStore(dir, meta, config, undefined, 0, lock);
    });
  }

  /** Opens a run folder to continue it from its last checkpoint (or from the start if it has none). */
  static open(dir: string): RunStore {
    const runDir = resolve(dir);
    const config = readJson<ResolvedConfig>(join(runDir, RUN_FILES.config));
    const meta = readJson<RunMeta>(join(runDir, RUN_FILES.meta));
    if (!config || !meta) throw new RunStoreError(`${runDir} is not a run folder (no ${RUN_FILES.meta} and ${RUN_FILES.config})`);
    const summary = readJson<RunSummary>(join(runDir, RUN_FILES.summary));
    if (summary?.status === 'finished') throw new RunStoreError(`${runDir} has already finished; nothing to resume`);
    // Taken before the log is read, since reading repairs a torn last line.
    const lock = withFolderErrors(`cannot write the run folder ${runDir}`, () => RunLock.acquire(join(runDir, RUN_FILES.lock)));
    try {
      const events = readEventLog(join(runDir, RUN_FILES.events));
      events.forEach((event, i) => {
        if (event.seq !== i + 1) throw new RunStoreError(`${runDir}: event log has seq ${event.seq} at line ${i + 1}`);
      });
      const checkpoint = readJson<Checkpoint>(join(runDir, RUN_FILES.checkpoint));
      return new RunStore(runDir, meta, config, checkpoint, events.length, lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** Writes every event the bus carries, and the summary when the run ends. */
  attach(bus: EventBus): void {
    bus.on('run-store', (event) => {
      try {
        this.log.append(event);
      } catch (error) {
        this.writeFailure ??= error as Error;
        throw error;
      }
    });
    bus.on('run-store/summary', ofType(runFinished, runInterrupted, runFailed), (event) =>
      this.writeSummary(event.payload.summary),
    );
  }

  /** True once a write of the log failed: the run must stop at its last good checkpoint. */
  get failed(): Error | undefined {
    return this.writeFailure;
  }

  /**
   * Refused after a failed log write, so the checkpoint on disk never covers events the log
   * lacks: the run stops there, and `recsearch resume` replays the rest once the cause is fixed.
   */
  saveCheckpoint(checkpoint: Checkpoint): void {
    if (this.writeFailure) {
      throw new RecsearchError(
        `cannot write the run's event log in ${this.dir} (${this.writeFailure.message}); the run stopped at its last checkpoint. Fix the cause, then: recsearch resume ${this.dir}`,
      );
    }
    writeJsonAtomic(join(this.dir, RUN_FILES.checkpoint), checkpoint);
  }

  writeSummary(summary: RunSummary): void {
    writeJsonAtomic(join(this.dir, RUN_FILES.summary), summary);
  }

  close(): void {
    this.log.close();
    this.lock.release();
  }

  /** Removes the folder of a run that never started (its setup failed). */
  discard(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
