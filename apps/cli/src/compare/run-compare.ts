import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '@recsearch/core';
import { readRunFolder, writeBakeOffReport, type BakeOffPlan } from '@recsearch/report';
import { RunStore, uniqueRunDir } from '@recsearch/tracking';
import type { Output } from '../output';
import { EXIT_INTERRUPTED, runSession } from '../run-session';
import { resumeTrainSession, trainInStore } from '../train-session';
import { childConfig, type LoadedCompare, type ResolvedArm } from './compare-config';
import { readCompareIndex, writeCompareIndex, type ChildEntry, type CompareIndex, type FinishedCompareIndex } from './compare-index';

/** A finished compare (exit 0) or one stopped by Ctrl-C (exit 130). */
export type CompareResult = { dir: string; index: FinishedCompareIndex; exitCode: 0 } | { dir: string; index: CompareIndex; exitCode: typeof EXIT_INTERRUPTED };

/** Makes the compare folder `<runsDir>/<time>-<name>` and its index, every child pending. */
export function createCompare(loaded: LoadedCompare, now = new Date()): string {
  const dir = uniqueRunDir(loaded.arms[0].config.output.runsDir, loaded.config.name, now);
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

/** Children's own output (loss tables, summaries) stays quiet: the compare reports once at the end. */
function quiet(output: Output): Output {
  return { ...output, result: () => undefined, say: () => undefined };
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
      await runChild(dir, child, arm, loaded.baseFile, output, save);
      save();
      if (child.status === 'interrupted') stop = true;
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
    const { bakeOff, files } = await writeBakeOffReport(plan, dir, loaded.config.metric);
    const finished: FinishedCompareIndex = Object.assign(index, { results: bakeOff, report: files, status: 'finished' as const });
    for (const child of finished.children) child.test = bakeOff.children.find((result) => result.arm === child.arm && result.seed === child.seed)?.test ?? null;
    save();
    return { dir, index: finished, exitCode: 0 };
  } catch (error) {
    index.status = 'failed';
    save();
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}

/** One child: a new run, or the continuation of an interrupted one. Updates `child` in place (status `interrupted` after a Ctrl-C). */
async function runChild(dir: string, child: ChildEntry, arm: ResolvedArm, baseFile: string, output: Output, save: () => void): Promise<void> {
  const config = childConfig(arm, child.seed, dir);
  const childDir = child.runId ? join(dir, child.runId) : undefined;
  const previous = childDir && existsSync(childDir) ? readRunFolder(childDir).summary : undefined;
  if (previous?.status === 'finished') return finish(child, previous);
  child.status = 'running';
  try {
    let store: RunStore;
    if (childDir && existsSync(childDir)) store = RunStore.open(childDir);
    else {
      store = RunStore.create(dir, config.name, config, { configFile: baseFile });
      child.runId = store.runId;
      save();
    }
    if (child.kind === 'training') {
      const result = store.checkpoint || store.lastLoggedSeq > 0 ? await resumeTrainSession(store, quiet(output)) : await trainInStore(store, arm.registry, quiet(output));
      return finish(child, readRunFolder(result.runDir).summary);
    }
    const result = await runSession(store, store.config, store.meta.configDir, quiet(output));
    if (result.exitCode === EXIT_INTERRUPTED) child.status = 'interrupted';
    else finish(child, result.summary);
  } catch (error) {
    // A training child stopped by Ctrl-C after a checkpoint (exit 130): the compare stops too.
    if ((error as { exitCode?: number }).exitCode === EXIT_INTERRUPTED) {
      child.status = 'interrupted';
      return;
    }
    child.status = 'failed';
    child.message = (error as Error).message;
    throw error;
  }
}

function finish(child: ChildEntry, summary: RunSummary | undefined): void {
  child.status = summary?.status === 'finished' ? 'finished' : 'failed';
  delete child.message;
}
