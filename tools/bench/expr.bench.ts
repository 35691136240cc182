import { Rng } from '@recsearch/core';
import { canonicalKey, compileLoss, defaultOperatorTable, num, parameter, randomExpression, topologicalOrder, Y, YHAT } from '@recsearch/expr';
import { median, type BenchRow } from './bench-row';

/** Value + ∂/∂ŷ over 100,000 rows for a 10-operator loss, and canonical keys per second. */
export async function run(): Promise<BenchRow[]> {
  const table = defaultOperatorTable();
  const n = 100_000;
  const rng = Rng.fromSeed(1);
  const yhat = Float32Array.from({ length: n }, () => rng.float());
  const y = Float32Array.from({ length: n }, () => rng.int(0, 1));
  const loss = new Float32Array(n);
  const dYhat = new Float32Array(n);
  const timeLoss = (source: string) => {
    const expr = table.parse(source);
    const operators = topologicalOrder([expr]).filter((node) => node.kind === 'apply').length;
    const compiled = compileLoss(expr, { differentiate: [] });
    const parameters = compiled.parameterVector();
    for (let i = 0; i < 50; i++) compiled.evaluate({ yhat, y }, { loss, dYhat }, parameters);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = process.hrtime.bigint();
      compiled.evaluate({ yhat, y }, { loss, dYhat }, parameters);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return { operators, ms: median(times) };
  };
  // Ten distinct operator nodes each: MaxR times squared error plus absolute error (arithmetic,
  // max, abs); and LogMin plus ŷ², whose one Math.log costs about 20 ns a row on its own here.
  const arithmetic = timeLoss('max((yhat + eps) / (y + eps), (y + eps) / (yhat + eps)) * (yhat - y)^2 + abs(yhat - y)');
  const withLog = timeLoss('log((1 + eps) / (min(yhat, y) + eps)) * (yhat + y + min(yhat, y)) + square(yhat)');

  const keyRng = Rng.fromSeed(2);
  const leaves = [YHAT, Y, num(1), num(-1), parameter('eps')];
  const pool = table.list();
  const batch = () => Array.from({ length: 20_000 }, () => randomExpression(keyRng, { operators: pool, maxDepth: 4, leaves }));
  // Fresh expressions each round (keys of shared subtrees are cached, as in a real search); the
  // first rounds warm the JIT up.
  const rates: number[] = [];
  for (let round = 0; round < 8; round++) {
    const expressions = batch();
    const start = process.hrtime.bigint();
    for (const e of expressions) canonicalKey(e);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (round >= 3) rates.push(expressions.length / seconds);
  }
  const keysPerSecond = median(rates);

  return [
    { name: `expr: value + d/dyhat, 100k rows, ${arithmetic.operators}-operator MaxR·MSE + MAE (median)`, value: arithmetic.ms, unit: 'ms', target: '<= 2', ok: arithmetic.ms <= 2 },
    { name: `expr: value + d/dyhat, 100k rows, ${withLog.operators}-operator LogMin + yhat^2 (median)`, value: withLog.ms, unit: 'ms' },
    { name: 'expr: canonical keys of random depth-4 expressions', value: keysPerSecond, unit: 'keys/s', target: '>= 100000', ok: keysPerSecond >= 100_000 },
  ];
}

if (require.main === module) {
  run().then((rows) => console.table(rows));
}
