import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Test helpers that drive the real `recsearch` command in a child process. */
export const BIN = resolve(__dirname, '../bin/recsearch.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function recsearch(args: string[], cwd = process.cwd()): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function startRecsearch(args: string[], cwd = process.cwd()): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((done) => child.on('exit', (code, signal) => done({ code, signal, stdout, stderr })));
}

export function tempDir(prefix = 'recsearch-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeJson(file: string, value: unknown): string {
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

export function readJson<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Resolves once `predicate` holds, polling every 20 ms, or rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolveWait) => setTimeout(resolveWait, 20));
  }
}

/**
 * A TypeScript evaluator plugin in a folder outside the workspace, as a user would write one:
 * it imports recsearch's public API and takes `delayMs` of busy work per candidate.
 */
export const SLOW_SPHERE_PLUGIN = `
import { ContainerModule } from 'inversify';
import { ComponentOptions, Evaluator, type Candidate, type PluginManifest, type Verdict } from '@recsearch/core';

export const manifest: PluginManifest = {
  id: 'slow-sphere',
  kind: 'evaluator',
  description: 'Sphere function of x0, x1 that takes delayMs per candidate.',
  schema: { type: 'object', additionalProperties: false, properties: { delayMs: { type: 'number', default: 2 } } },
};

class SlowSphere implements Evaluator {
  readonly accepts = ['params'] as const;
  constructor(private readonly options: { delayMs: number }) {}
  evaluate(candidate: Candidate): Verdict {
    const until = Date.now() + this.options.delayMs;
    while (Date.now() < until) { /* an expensive evaluation */ }
    const params = candidate.kind === 'params' ? candidate.params : {};
    const value = (params['x0'] as number) ** 2 + (params['x1'] as number) ** 2;
    return { pass: true, reward: -value, metrics: { value } };
  }
}

export const containerModule = new ContainerModule(({ bind }) => {
  bind(Evaluator).toDynamicValue((context) => new SlowSphere(context.get(ComponentOptions))).whenNamed(manifest.id);
});
`;

/** A summary or event with its wall-clock figures (`seconds`, `elapsedSeconds`, `time`) zeroed at any depth, for comparing runs. */
export function withoutTime(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, inner) => (key === 'seconds' || key === 'elapsedSeconds' || key === 'time' ? 0 : inner)));
}
