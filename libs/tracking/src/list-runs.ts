import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig, RunSummary } from '@recsearch/core';
import { readEventLog } from './event-log';
import { RUN_FILES } from './run-store';

export interface RunListing {
  runId: string;
  dir: string;
  /** `running` while a live process holds the lock; `crashed` when none does and there is no summary. */
  status: RunSummary['status'] | 'running' | 'crashed';
  strategy: string;
  dataset: string;
  candidates: number;
  bestReward: number | null;
  seconds: number | null;
}

function lockHolderAlive(dir: string): boolean {
  const file = join(dir, RUN_FILES.lock);
  if (!existsSync(file)) return false;
  try {
    process.kill(Number(readFileSync(file, 'utf8')), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const readJson = <T>(file: string): T | undefined => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined);

/** Every run folder under `runsDir`, newest first, read from its files (never locked or changed). */
export function listRuns(runsDir: string): RunListing[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir)
    .map((name) => join(runsDir, name))
    .filter((dir) => existsSync(join(dir, RUN_FILES.config)))
    .map((dir): RunListing => {
      const config = readJson<ResolvedConfig>(join(dir, RUN_FILES.config)) as ResolvedConfig;
      const summary = readJson<RunSummary>(join(dir, RUN_FILES.summary));
      const running = lockHolderAlive(dir);
      const candidates = summary?.progress.candidates ?? readEventLog(join(dir, RUN_FILES.events)).filter((event) => event.type === 'candidate.evaluated').length;
      return {
        runId: dir.slice(runsDir.length).replace(/^\/+/, ''),
        dir,
        status: running ? 'running' : (summary?.status ?? 'crashed'),
        strategy: config.search?.type ?? 'train',
        dataset: config.dataset?.type ?? (config.search ? '—' : 'synthetic'),
        candidates,
        bestReward: summary?.best?.verdict.reward ?? null,
        seconds: summary?.elapsedSeconds ?? null,
      };
    })
    .sort((a, b) => b.runId.localeCompare(a.runId));
}
