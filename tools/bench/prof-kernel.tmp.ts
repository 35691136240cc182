import { Rng } from '@recsearch/core';
import { compileLoss, defaultOperatorTable } from '@recsearch/expr';
const table = defaultOperatorTable();
const n = 100_000;
const rng = Rng.fromSeed(1);
for (const F of [Float32Array, Float64Array]) {
const yhat = F.from({ length: n }, () => rng.float());
const y = F.from({ length: n }, () => rng.int(0, 1));
const loss = new F(n); const dYhat = new F(n);
for (const src of ['yhat * y', '(yhat - y)^2', 'log(yhat + 1)', 'min(yhat, y) + yhat', 'log((1 + eps) / (min(yhat, y) + eps)) * (yhat + y + min(yhat, y)) + square(yhat)']) {
  const c = compileLoss(table.parse(src), { differentiate: [] });
  const p = c.parameterVector();
  const times: number[] = [];
  for (let i = 0; i < 300; i++) { const s = process.hrtime.bigint(); c.evaluate({ yhat, y }, { loss, dYhat }, p); times.push(Number(process.hrtime.bigint() - s) / 1e6); }
  times.sort((a, b) => a - b);
  console.log(F.name, src, times[150].toFixed(3));
}}
