import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { RecsearchError, type RunSummary } from '@recsearch/core';
import { RUN_FILES } from '@recsearch/tracking';

/** A folder that is not a run, or a run file that cannot be read. */
export class ReportError extends RecsearchError {
  override readonly exitCode = 2;
}

/** One line of events.jsonl; payloads are narrowed by the reader that wants them. */
export interface LoggedEvent {
  type: string;
  seq: number;
  time: string;
  payload: Record<string, unknown>;
}

/** What a run folder holds, read without writing to it (a report may be made of a live run). */
export interface RunFolder {
  dir: string;
  runId: string;
  config: Record<string, unknown>;
  summary: (RunSummary & { training?: unknown }) | undefined;
  /** The loss search's report.json (made by `recsearch run` for loss searches), if present. */
  lossReport: unknown;
}

function readJson(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ReportError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

export function readRunFolder(dir: string): RunFolder {
  const folder = resolve(dir);
  const config = readJson(join(folder, RUN_FILES.config));
  if (config === undefined) throw new ReportError(`${folder} is not a run folder: it has no ${RUN_FILES.config}`);
  return {
    dir: folder,
    runId: basename(folder),
    config: config as Record<string, unknown>,
    summary: readJson(join(folder, RUN_FILES.summary)) as RunFolder['summary'],
    lossReport: readJson(join(folder, 'report.json')),
  };
}

/**
 * Visits every event of the run's log in order without holding them all (a long search logs
 * hundreds of thousands). A torn last line of a live or crashed run is skipped, not repaired:
 * repairing is the run store's job on resume.
 */
export function forEachEvent(folder: RunFolder, visit: (event: LoggedEvent) => void): void {
  const file = join(folder.dir, RUN_FILES.events);
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  let line = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    const torn = end < 0;
    if (torn) end = text.length;
    line++;
    const raw = text.slice(start, end);
    start = end + 1;
    if (raw.trim() === '') continue;
    let event: LoggedEvent;
    try {
      event = JSON.parse(raw) as LoggedEvent;
    } catch {
      if (torn) return;
      throw new ReportError(`${file}: line ${line} is not a JSON event`);
    }
    visit(event);
  }
}
