import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RunStoreError } from '@recsearch/core';
import type { BakeOff, WrittenReport } from '@recsearch/report';
import { writeJsonAtomic } from '@recsearch/tracking';
import type { ChildKind } from './compare-config';

export const COMPARE_INDEX = 'compare.json';

export type ChildStatus = 'pending' | 'running' | 'finished' | 'interrupted' | 'failed';

/** One arm × seed of the bake-off and how far it got. */
export interface ChildEntry {
  arm: string;
  seed: number;
  kind: ChildKind;
  status: ChildStatus;
  /** The child's run folder name inside the compare folder, once created. */
  runId: string | null;
  /** The child's test metrics once finished (the same numbers as its own summary). */
  test: Record<string, number> | null;
  message?: string;
}

/** compare.json: what the compare is, each child's state, and (when done) every number of the report. */
export interface CompareIndex {
  version: 1;
  name: string;
  description: string | null;
  /** The compare config, absolute: `--resume` reads it again for children not yet started. */
  configFile: string;
  baseFile: string;
  arms: string[];
  seeds: number[];
  reference: string | null;
  createdAt: string;
  status: 'running' | 'interrupted' | 'finished' | 'failed';
  children: ChildEntry[];
  results?: BakeOff;
  report?: WrittenReport;
}

/** compare.json of a finished compare: its results and report are written. */
export type FinishedCompareIndex = CompareIndex & Required<Pick<CompareIndex, 'results' | 'report'>>;

export function writeCompareIndex(dir: string, index: CompareIndex): void {
  writeJsonAtomic(join(dir, COMPARE_INDEX), index);
}

export function readCompareIndex(dir: string): CompareIndex {
  const file = join(resolve(dir), COMPARE_INDEX);
  if (!existsSync(file)) throw new RunStoreError(`${resolve(dir)} is not a compare folder (no ${COMPARE_INDEX})`);
  return JSON.parse(readFileSync(file, 'utf8')) as CompareIndex;
}
