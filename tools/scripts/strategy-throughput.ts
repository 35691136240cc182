/**
 * Phase I throughput of each arm of a loss-search bake-off, from its run folder: candidates
 * evaluated (proxy-test rejections included) and epochs trained per second of the search phase,
 * and candidates per trained epoch, each the mean over the arm's seeds.
 *
 *   npx ts-node --swc tools/scripts/strategy-throughput.ts runs/<time>-compare-loss-search-ml100k
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES, readEventLog } from '@recsearch/tracking';

interface SearchPhase {
  candidates: number;
  trainedEpochs: number;
  seconds: number;
}

function searchPhase(runDir: string): SearchPhase {
  const finished = readEventLog(join(runDir, RUN_FILES.events)).find((event) => event.type === 'phase.finished');
  const summary = (finished?.payload as { summary?: { progress: { candidates: number; trainedEpochs?: number }; elapsedSeconds: number } } | undefined)?.summary;
  if (!summary) throw new Error(`${runDir}: no finished search phase in its event log`);
  return { candidates: summary.progress.candidates, trainedEpochs: summary.progress.trainedEpochs ?? 0, seconds: summary.elapsedSeconds };
}

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

function main(): void {
  const compareDir = process.argv[2];
  if (!compareDir) throw new Error('usage: strategy-throughput.ts <compare folder>');
  const { children } = JSON.parse(readFileSync(join(compareDir, 'compare.json'), 'utf8')) as { children: Array<{ arm: string; runId: string }> };
  const byArm = new Map<string, SearchPhase[]>();
  for (const { arm, runId } of children) byArm.set(arm, [...(byArm.get(arm) ?? []), searchPhase(join(compareDir, runId))]);
  process.stdout.write('| strategy | candidates / s | trained epochs / s | candidates per trained epoch |\n|---|---|---|---|\n');
  for (const [arm, phases] of byArm) {
    const perSecond = mean(phases.map((phase) => phase.candidates / phase.seconds));
    const epochsPerSecond = mean(phases.map((phase) => phase.trainedEpochs / phase.seconds));
    const perEpoch = mean(phases.map((phase) => phase.candidates / Math.max(1, phase.trainedEpochs)));
    process.stdout.write(`| ${arm} | ${perSecond.toFixed(0)} | ${epochsPerSecond.toFixed(1)} | ${perEpoch.toFixed(1)} |\n`);
  }
}

main();
