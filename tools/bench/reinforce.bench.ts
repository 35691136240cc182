import { RngStreams, type CandidateValue, type EvaluatedCandidate } from '@recsearch/core';
import { createStrategy } from '@recsearch/core/testing';
import * as reinforce from '@recsearch/search-reinforce';
import * as tf from '@tensorflow/tfjs';
import type { BenchRow } from './bench-row';

const reward = (value: CandidateValue) => (value.kind === 'expression' ? -value.expression.length / 100 : 0);

/**
 * AutoLossGen's controller: sample + update cost per loss (the target: ≤ 2 ms), asking
 * 10 at a time as the paper updates once per 10 losses. CPU time is reported beside wall time
 * because the development machine is often shared.
 */
export async function run(): Promise<BenchRow[]> {
  await tf.setBackend('cpu');
  const cases: Array<[string, Record<string, unknown>, number]> = [
    ['paper variant (native gradient)', { variant: 'paper' }, 2000],
    ['paper variant (tfjs gradient, cpu backend)', { variant: 'paper', engine: 'tfjs' }, 50],
    ['reference-code variant (native gradient)', { variant: 'reference-code' }, 500],
    ['reference-code variant (tfjs gradient, cpu backend)', { variant: 'reference-code', engine: 'tfjs' }, 50],
  ];
  const rows: BenchRow[] = [];
  for (const [label, options, losses] of cases) {
    const strategy = await createStrategy(reinforce, options, new RngStreams(1));
    const round = async (index: number) => {
      const values = await strategy.ask(10);
      const results = values.map((value, i) => ({ candidate: { ...value, id: `c${index}-${i}`, index: i }, verdict: { pass: true, reward: reward(value), metrics: {} } }));
      await strategy.tell(results as EvaluatedCandidate[]);
    };
    for (let i = 0; i < 3; i++) await round(i);
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (let i = 0; i < losses / 10; i++) await round(i);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6 / losses;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000 / losses;
    const target = label.startsWith('paper variant (native') ? '≤ 2 ms' : undefined;
    rows.push({ name: `controller sample + update per loss, ${label}`, value: wallMs, unit: 'ms', target, ok: target ? wallMs <= 2 : undefined });
    rows.push({ name: `controller sample + update per loss, ${label}, CPU time`, value: cpuMs, unit: 'ms' });
    if (target) rows.push({ name: `controller losses per second, ${label}`, value: 1000 / wallMs, unit: 'losses/s' });
  }
  return rows;
}
