// Renders Vega-Lite specs to SVG off the main thread. A worker of its own because vega 6 is
// ESM-only with top-level await, which jest's CommonJS sandbox cannot import.
import { parentPort, workerData } from 'node:worker_threads';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

const svgs = [];
for (const spec of workerData.specs) {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  svgs.push(await view.toSVG());
  view.finalize();
}
parentPort.postMessage(svgs);
