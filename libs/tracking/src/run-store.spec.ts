import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus, runFinished, RunStoreError, strategyTold, type RecsearchEvent, type ResolvedConfig, type RunSummary } from '@recsearch/core';
import { writeJsonAtomic } from './atomic-write';
import { EventLog, readEventLog } from './event-log';
import { RUN_FILES, RunStore } from './run-store';

const temp = () => mkdtempSync(join(tmpdir(), 'recsearch-store-'));
const config = { seed: 1, search: { type: 'random' }, evaluators: [{ type: 'x' }] } as unknown as ResolvedConfig;
const summary = (status: RunSummary['status']): RunSummary => ({
  name: 'n',
  status,
  stoppedBy: 'candidates',
  progress: { candidates: 1, evaluations: 1 },
  elapsedSeconds: 0,
  best: null,
});
const event = (seq: number): RecsearchEvent => ({ type: 'strategy.told', runId: 'r', seq, time: 't', payload: { step: seq, count: 1 } });

describe('event log', () => {
  it('appends one JSON event per line, skipping events already written (a replay)', () => {
    const file = join(temp(), 'events.jsonl');
    const log = new EventLog(file);
    [1, 2, 3].forEach((seq) => log.append(event(seq)));
    log.close();
    const resumed = new EventLog(file, 3);
    [2, 3, 4].forEach((seq) => resumed.append(event(seq)));
    resumed.close();
    expect(readEventLog(file).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(5);
  });

  it('reports a failed write (a full disk) as an error, not silently', () => {
    const log = new EventLog('/dev/full');
    expect(() => log.append(event(1))).toThrow(/ENOSPC/);
    expect(log.lastWrittenSeq).toBe(0);
    log.close();
  });

  it('refuses to leave a gap in the numbering', () => {
    const log = new EventLog(join(temp(), 'events.jsonl'), 2);
    expect(() => log.append(event(4))).toThrow(/skip from seq 2 to 4/);
  });

  it('cuts off a line torn by a crash mid-write, and keeps whole ones', () => {
    const file = join(temp(), 'events.jsonl');
    writeFileSync(file, `${JSON.stringify(event(1))}\n${JSON.stringify(event(2))}\n{"type":"strategy.to`);
    expect(readEventLog(file).map((e) => e.seq)).toEqual([1, 2]);
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
  });

  it('rejects a damaged line in the middle', () => {
    const file = join(temp(), 'events.jsonl');
    writeFileSync(file, `${JSON.stringify(event(1))}\nnot json\n${JSON.stringify(event(3))}\n`);
    expect(() => readEventLog(file)).toThrow(/line 2 is not a JSON event/);
  });
});

describe('atomic write', () => {
  it('replaces the file whole and leaves no temporary file', () => {
    const dir = temp();
    writeJsonAtomic(join(dir, 'a.json'), { v: 1 });
    writeJsonAtomic(join(dir, 'a.json'), { v: 2 });
    expect(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'))).toEqual({ v: 2 });
    expect(readdirSync(dir)).toEqual(['a.json']);
  });
});

describe('RunStore', () => {
  it('makes a new folder per run, named by time and run name, never reusing one', () => {
    const runs = temp();
    const now = new Date('2026-03-04T05:06:07Z');
    const a = RunStore.create(runs, 'demo', config, { configFile: '/x/c.json' }, now);
    const b = RunStore.create(runs, 'demo', config, { configFile: '/x/c.json' }, now);
    expect(a.runId).toBe('20260304-050607-demo');
    expect(b.runId).toBe('20260304-050607-demo-2');
    expect(JSON.parse(readFileSync(join(a.dir, RUN_FILES.config), 'utf8'))).toEqual(config);
    expect(JSON.parse(readFileSync(join(a.dir, RUN_FILES.meta), 'utf8'))).toMatchObject({ configFile: '/x/c.json', configDir: '/x' });
  });

  it('logs every bus event and writes the summary when the run ends', () => {
    const store = RunStore.create(temp(), 'demo', config, { configFile: 'c.json' });
    const bus = new EventBus({ runId: store.runId });
    store.attach(bus);
    bus.emit(strategyTold({ step: 1, count: 1 }));
    bus.emit(runFinished({ summary: summary('finished') }));
    store.close();
    expect(readEventLog(join(store.dir, RUN_FILES.events)).map((e) => e.type)).toEqual(['strategy.told', 'run.finished']);
    expect(JSON.parse(readFileSync(join(store.dir, RUN_FILES.summary), 'utf8')).status).toBe('finished');
  });

  it('reopens an unfinished run with its checkpoint and the last logged event', () => {
    const store = RunStore.create(temp(), 'demo', config, { configFile: 'c.json' });
    const bus = new EventBus({ runId: store.runId });
    store.attach(bus);
    for (let i = 0; i < 4; i++) bus.emit(strategyTold({ step: i, count: 1 }));
    store.saveCheckpoint({ version: 1, seq: 2, runner: { step: 1, candidates: 1, evaluations: 1, elapsedMs: 0, best: null, passed: [] }, strategy: null, evaluators: [], rng: {} });
    store.close();
    appendFileSync(join(store.dir, RUN_FILES.events), '{"torn');
    const reopened = RunStore.open(store.dir);
    expect(reopened.lastLoggedSeq).toBe(4);
    expect(reopened.checkpoint?.seq).toBe(2);
    expect(reopened.meta.configFile).toMatch(/c\.json$/);
    reopened.close();
  });

  it('lets one process write a run folder at a time, and takes over a lock whose process is gone', () => {
    const store = RunStore.create(temp(), 'demo', config, { configFile: 'c.json' });
    expect(() => RunStore.open(store.dir)).not.toThrow(); // the same process may reopen its own run
    writeFileSync(join(store.dir, RUN_FILES.lock), '1'); // pid 1 is alive: another writer
    expect(() => RunStore.open(store.dir)).toThrow(/is being written by process 1; wait for it to stop/);
    writeFileSync(join(store.dir, RUN_FILES.lock), '999999999'); // no such process: a stale lock
    const reopened = RunStore.open(store.dir);
    expect(readFileSync(join(store.dir, RUN_FILES.lock), 'utf8')).toBe(String(process.pid));
    reopened.close();
    expect(existsSync(join(store.dir, RUN_FILES.lock))).toBe(false);
  });

  it('refuses to resume a finished run, or a folder that is not a run', () => {
    const store = RunStore.create(temp(), 'demo', config, { configFile: 'c.json' });
    store.writeSummary(summary('finished'));
    store.close();
    expect(() => RunStore.open(store.dir)).toThrow(/has already finished; nothing to resume/);
    expect(() => RunStore.open(temp())).toThrow(RunStoreError);
    expect(existsSync(join(store.dir, RUN_FILES.checkpoint))).toBe(false);
  });
});
