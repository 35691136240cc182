import { closeSync, existsSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { RunStoreError, type RecsearchEvent } from '@recsearch/core';

/** Reads a log; a torn last line (a crash mid-write) is cut off so the log ends on a whole event. */
export function readEventLog(path: string): RecsearchEvent[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const events: RecsearchEvent[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const end = offset + line.length + 1;
    if (line.trim() === '') {
      offset = end;
      continue;
    }
    try {
      if (end > text.length) throw new Error('no line end');
      events.push(JSON.parse(line) as RecsearchEvent);
    } catch {
      if (end <= text.length) throw new RunStoreError(`${path}: line ${events.length + 1} is not a JSON event`);
      truncateSync(path, Buffer.byteLength(text.slice(0, offset)));
      break;
    }
    offset = end;
  }
  return events;
}

/**
 * The append-only event log: one JSON event per line, written synchronously so each event is
 * in the file before the next step starts. Events numbered at or below `lastSeq` are already
 * in the log (a resumed run replays them from its checkpoint) and are not written again.
 */
export class EventLog {
  private readonly fd: number;

  constructor(path: string, private lastSeq = 0) {
    this.fd = openSync(path, 'a');
  }

  get lastWrittenSeq(): number {
    return this.lastSeq;
  }

  append(event: RecsearchEvent): void {
    if (event.seq <= this.lastSeq) return;
    if (event.seq !== this.lastSeq + 1) {
      throw new RunStoreError(`event log would skip from seq ${this.lastSeq} to ${event.seq}`);
    }
    // A write that meets a full disk or a file-size limit can be short without failing; the
    // write of the rest then fails, so an event is never counted as logged while torn.
    const line = Buffer.from(`${JSON.stringify(event)}\n`);
    for (let written = 0; written < line.length; ) written += writeSync(this.fd, line, written);
    this.lastSeq = event.seq;
  }

  close(): void {
    closeSync(this.fd);
  }
}
