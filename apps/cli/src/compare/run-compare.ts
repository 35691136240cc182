import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunSummary } from '@recsearch/core';
import { writeComparisonReport, type BakeOffPlan } from '@recsearch/report';
import { RUN_FILES, RunStore } from '@recsearch/tracking';
import type { Output } from '../output';
import { EXIT_INTERRUPTED, runSession } from '../run-session';
import { resumeTrainSession, trainInStore } from '../train-session';
import { childConfig, type LoadedCompare, type ResolvedArm } from './compare-config';
import { readCompareIndex, writeCompareIndex, type ChildEntry, type CompareIndex } from './compare-index';

export interface CompareResult {
  dir: string;
  index: CompareIndex;
  exitCode: number;
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Makes the compare folder `<runsDir>/<time>-<name>` and its index, every child pending. */
export function createCompare(loaded: LoadedCompare, now = new Date()): string {
  const runsDir = resolve(loaded.arms[0].config.output.runsDir);
  const base = join(runsDir, `${timestamp(now)}-${loaded.config.name}`);
  let dir = base;
  for (let n = 2; existsSync(dir); n++) dir = `${base}-${n}`;
  mkdirSync(dir, { recursive: true });
  const { config } = loaded;
  writeCompareIndex(dir, {
    version: 1,
    name: config.name,
    description: config.description ?? null,
    configFile: loaded.file,
    baseFile: loaded.baseFile,
    arms: config.arms.map((arm) => arm.name),
    seeds: config.seeds,
    reference: config.reference ?? null,
    createdAt: now.toISOString(),
    status: 'running',
    // Seed by seed, every arm within a seed: a bake-off stopped part-way still has paired seeds.
    children: config.seeds.flatMap((seed) => loaded.arms.map((arm): ChildEntry => ({ arm: arm.name, seed, kind: arm.kind, status: 'pending', runId: null, test: null }))),
  });
  return dir;
}

const childName = (child: ChildEntry) => `${child.arm}-seed${child.seed}`;

/** Children's own output (loss tables, summaries) stays quiet: the compare reports once at the end. */
function quiet(output: Output): Output {
  return { ...output, result: () => undefined, say: () => undefined };
}

function readSummary(dir: string): RunSummary | undefined {
  const file = join(dir, RUN_FILES.summary);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/**
 * Runs (or continues) every arm × seed in order as an ordinary child run in the compare
 * folder, keeping compare.json current, then writes the report. A first Ctrl-C stops after the
 * current child's step (a training child finishes first); the compare exits 130 with its
 * resume command.
 */
export async function runCompare(dir: string, loaded: LoadedCompare, output: Output): Promise<CompareResult> {
  const index = readCompareIndex(dir);
  index.status = 'running';
  let stop = false;
  const onInterrupt = () => {
    if (!stop) output.say(`\nstopping after the current child's step; then resume with: recsearch compare --resume ${dir}`);
    stop = true;
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  const save = () => writeCompareIndex(dir, index);
  try {
    const total = index.children.length;
    for (const [k, child] of index.children.entries()) {
      if (child.status === 'finished') continue;
      if (stop) break;
      const arm = loaded.arms.find((candidate) => candidate.name === child.arm);
      if (!arm) throw new Error(`arm ${child.arm} of ${dir} is no longer in ${loaded.file}`);
      output.say(`[${k + 1}/${total}] arm ${child.arm}, seed ${child.seed} (${child.kind}${child.status === 'pending' ? '' : `, continuing a ${child.status} run`})`);
      const exitCode = await runChild(dir, child, arm, loaded.baseFile, output, save);
      save();
      if (exitCode === EXIT_INTERRUPTED) stop = true;
      else output.say(`[${k + 1}/${total}] arm ${child.arm}, seed ${child.seed}: ${child.status}`);
    }
    if (stop) {
      index.status = 'interrupted';
      save();
      output.say(`compare interrupted; resume with: recsearch compare --resume ${dir}`);
      return { dir, index, exitCode: EXIT_INTERRUPTED };
    }
    const plan: BakeOffPlan = {
      name: index.name,
      description: index.description ?? undefined,
      arms: index.arms,
      reference: index.reference ?? undefined,
      children: index.children.map((child) => ({ arm: child.arm, seed: child.seed, dir: join(dir, child.runId as string) })),
    };
    const { bakeOff, files } = await writeComparisonReport([], dir, { plan, testMetric: loaded.config.metric });
    index.results = bakeOff;
    for (const child of index.children) child.test = bakeOff?.children.find((result) => result.arm === child.arm && result.seed === child.seed)?.test ?? null;
    index.report = files;
    index.status = 'finished';
    save();
    return { dir, index, exitCode: 0 };
  } catch (error) {
    index.status = 'failed';
    save();
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}

/** One child: a new run, or the continuation of an interrupted one. Updates `child` in place. */
async function runChild(dir: string, child: ChildEntry, arm: ResolvedArm, baseFile: string, output: Output, save: () => void): Promise<number> {
  const config = childConfig(arm, child.seed, dir);
  const name = childName(child);
  const childDir = child.runId ? join(dir, child.runId) : undefined;
  const previous = childDir && existsSync(childDir) ? readSummary(childDir) : undefined;
  if (previous?.status === 'finished') return finish(child, previous);
  child.status = 'running';
  try {
    let store: RunStore;
    if (childDir && existsSync(childDir)) store = RunStore.open(childDir);
    else {
      store = RunStore.create(dir, name, config, { configFile: baseFile });
      child.runId = store.runId;
      save();
    }
    if (child.kind === 'training') {
      const result = store.checkpoint || store.lastLoggedSeq > 0 ? await resumeTrainSession(store, quiet(output)) : await trainInStore(store, arm.registry, quiet(output));
      return finish(child, readSummary(result.runDir));
    }
    const result = await runSession(store, store.config, store.meta.configDir, quiet(output));
    if (result.exitCode === EXIT_INTERRUPTED) {
      child.status = 'interrupted';
      return EXIT_INTERRUPTED;
    }
    return finish(child, result.summary);
  } catch (error) {
    // A training child stopped by Ctrl-C after a checkpoint (exit 130): the compare stops too.
    if ((error as { exitCode?: number }).exitCode === EXIT_INTERRUPTED) {
      child.status = 'interrupted';
      return EXIT_INTERRUPTED;
    }
    child.status = 'failed';
    child.message = (error as Error).message;
    throw error;
  }
}

function finish(child: ChildEntry, summary: RunSummary | undefined): number {
  child.status = summary?.status === 'finished' ? 'finished' : 'failed';
  delete child.message;
  return 0;
}
