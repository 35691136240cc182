import { AUTOLOSSGEN_OPERATORS, type ClampMode } from './autolossgen';
import type { OperatorRecord } from './operator-record';
import { OperatorTable } from './table';

const probes = [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95];

/**
 * Every loss AutoLossGen can build in `rounds` rounds from {ŷ, y, 1} (operands reused), as its
 * values on the probe points for y = 0 and y = 1: a row per probe, label 0 first.
 */
function reachableLosses(clamp: ClampMode, rounds: number): Array<{ formula: string; values: number[] }> {
  const table = OperatorTable.create({ clamp });
  const ops = AUTOLOSSGEN_OPERATORS.map((name) => table.get(name) as OperatorRecord);
  const start = [
    { formula: 'yhat', values: [...probes, ...probes] },
    { formula: 'y', values: [...probes.map(() => 0), ...probes.map(() => 1)] },
    { formula: '1', values: [...probes, ...probes].map(() => 1) },
  ];
  const results: Array<{ formula: string; values: number[] }> = [];
  const extend = (set: typeof start, left: number) => {
    for (const op of ops) {
      const choices = op.arity === 1 ? set.map((a) => [a]) : set.flatMap((a) => set.map((b) => [a, b]));
      for (const operands of choices) {
        const made = {
          formula: `${op.name}(${operands.map((o) => o.formula).join(', ')})`,
          values: operands[0].values.map((_, i) => op.value(...operands.map((o) => o.values[i]))),
        };
        results.push(made);
        if (left > 1) extend([...set, made], left - 1);
      }
    }
  };
  extend(start, rounds);
  return results;
}

const matches = (values: number[], target: (yhat: number) => number) =>
  values.every((value, i) => Math.abs(value - target(probes[i % probes.length])) < 1e-4 * (1 + Math.abs(value)));
const oneMinus = (yhat: number) => 1 - yhat;
const minusLog = (yhat: number) => -Math.log(yhat);

describe('AutoLossGen clamping', () => {
  const paper = OperatorTable.create();
  const reference = OperatorTable.create({ clamp: 'reference-code' });

  it('paper: keeps the sign and clamps the magnitude into [1e-6, 1e6]', () => {
    const value = (name: string, ...args: number[]) => (paper.get(name) as OperatorRecord).value(...args);
    expect(value('Neg', 0.3)).toBe(-0.3);
    expect(value('Add', 1, -1)).toBe(1e-6);
    expect(value('Multi', -1e4, 1e4)).toBe(-1e6);
    expect(value('Log', 0.5)).toBeCloseTo(Math.log(0.5 + 1e-6), 14);
    expect(value('Reciprocal', -4)).toBeCloseTo(-1 / (4 + 1e-6), 14);
    expect(value('Reciprocal', 0)).toBe(1e-6);
  });

  it('reference-code: Neg is dead, always 1e-5 with zero derivative', () => {
    const neg = reference.get('Neg') as OperatorRecord;
    for (const x of [0, 1e-5, 0.3, 1, 7, 1e5]) {
      expect(neg.value(x)).toBe(1e-5);
      expect(neg.derivative([x], 0)).toBe(0);
    }
    const log = reference.get('Log') as OperatorRecord;
    expect(log.value(0.5)).toBe(1e-5);
    expect(log.derivative([0.5], 0)).toBe(0);
  });

  it('reference-code: no loss of two rounds is 1 − ŷ, and −log ŷ only as log(1/ŷ); the paper reaches both directly', () => {
    const paperLosses = reachableLosses('paper', 2);
    const referenceLosses = reachableLosses('reference-code', 2);
    expect(paperLosses.length).toBe(referenceLosses.length);
    expect(paperLosses.length).toBeGreaterThan(4000);
    expect(paperLosses.filter((loss) => matches(loss.values, oneMinus)).map((loss) => loss.formula)).toContain('Add(1, Neg(yhat))');
    expect(paperLosses.filter((loss) => matches(loss.values, minusLog)).map((loss) => loss.formula)).toContain('Neg(Log(yhat))');
    expect(referenceLosses.filter((loss) => matches(loss.values, oneMinus))).toEqual([]);
    // −log ŷ cannot be built as Neg(Log(ŷ)) (both dead); only log(1/ŷ), a log of a quantity > 1, survives.
    const minusLogs = referenceLosses.filter((loss) => matches(loss.values, minusLog)).map((loss) => loss.formula);
    expect(minusLogs.length).toBeGreaterThan(0);
    expect(minusLogs.every((formula) => formula.endsWith('Log(Reciprocal(yhat))'))).toBe(true);
    const negLog = referenceLosses.find((loss) => loss.formula === 'Neg(Log(yhat))');
    expect(negLog?.values.every((value) => value === 1e-5)).toBe(true);
    expect(referenceLosses.every((loss) => loss.values.every((value) => value >= 1e-5 && value <= 1e5))).toBe(true);
  });
});
