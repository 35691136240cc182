import { Rng } from '@recsearch/core';
import { canonicalKey, defaultOperatorTable, num, parameter, randomExpression, Y, YHAT } from '@recsearch/expr';
const table = defaultOperatorTable();
const keyRng = Rng.fromSeed(2);
const leaves = [YHAT, Y, num(1), num(-1), parameter('eps')];
const pool = table.list();
let nodes = 0;
for (let r = 0; r < 6; r++) {
const expressions = Array.from({ length: 20_000 }, () => randomExpression(keyRng, { operators: pool, maxDepth: 4, leaves }));
const start = process.hrtime.bigint();
for (const e of expressions) nodes += canonicalKey(e).length;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(Math.round(expressions.length / seconds));
}
