import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Test helper: a run folder written by hand, event by event, with times one second apart unless given. */
export class RunFixture {
  readonly dir: string;
  private readonly lines: string[] = [];
  private seq = 0;
  private clock = Date.parse('2026-01-01T00:00:00.000Z');

  constructor(config: Record<string, unknown> = { name: 'fixture', seed: 1 }, parent = mkdtempSync(join(tmpdir(), 'recsearch-report-'))) {
    this.dir = join(parent, `run-${String(config['name'])}-${String(config['seed'])}`);
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, 'config.resolved.json'), JSON.stringify(config));
  }

  event(type: string, payload: Record<string, unknown>, advanceMs = 1000): this {
    this.lines.push(JSON.stringify({ type, payload, runId: 'fixture', seq: ++this.seq, time: new Date(this.clock).toISOString() }));
    this.clock += advanceMs;
    return this;
  }

  /** candidate.proposed, one evaluator.verdict and candidate.evaluated, as the runner logs them. */
  candidate(id: string, index: number, verdict: { pass: boolean; reward: number; reason?: string; stage?: string; metrics?: Record<string, number> }, isBest: boolean, expression?: string): this {
    const candidate = expression === undefined ? { kind: 'params', params: { x: index }, id, index } : { kind: 'expression', expression, id, index };
    const full = { metrics: {}, stage: 'judge', ...verdict };
    this.event('candidate.proposed', { candidate }, 0);
    this.event('evaluator.verdict', { candidateId: id, stage: full.stage, verdict: full }, 0);
    return this.event('candidate.evaluated', { candidate, verdict: full, isBest, progress: { candidates: index + 1, evaluations: index + 1 } });
  }

  summary(value: Record<string, unknown>): this {
    writeFileSync(join(this.dir, 'summary.json'), JSON.stringify(value));
    return this;
  }

  /** Writes events.jsonl; `torn` appends half an event, as a crash mid-write leaves it. */
  write(torn = false): string {
    writeFileSync(join(this.dir, 'events.jsonl'), `${this.lines.join('\n')}\n${torn ? '{"type":"candidate.prop' : ''}`);
    return this.dir;
  }
}
