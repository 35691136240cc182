import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ReportError } from './run-folder';
import type { VegaLiteSpec } from './vega-spec';

/**
 * Compiles Vega-Lite specs with vega-lite and renders them to SVG with vega, in a worker
 * thread: vega 6 is ESM-only with top-level await, and a worker imports it the same way under
 * the CLI and under jest. Only the report command calls this; runs never render.
 */
export function renderSvgs(specs: readonly VegaLiteSpec[]): Promise<string[]> {
  if (specs.length === 0) return Promise.resolve([]);
  return new Promise((resolveSvgs, reject) => {
    const worker = new Worker(join(__dirname, 'svg-worker.mjs'), { workerData: { specs } });
    let svgs: string[] | undefined;
    worker.once('message', (message: string[]) => (svgs = message));
    worker.once('error', (error) => reject(new ReportError(`rendering the plots failed: ${error.message}`)));
    worker.once('exit', (code) => {
      if (svgs) resolveSvgs(svgs);
      else reject(new ReportError(`rendering the plots failed: the renderer exited with code ${code}`));
    });
  });
}
