import type { OperatorTable } from '../operators/table';

export interface OperatorListing {
  name: string;
  arity: number;
  family: string;
  formula: string;
}

/** The table's operators (internal helpers left out), as `recsearch operators` shows them. */
export function listOperators(table: OperatorTable): OperatorListing[] {
  return table.list().map((op) => ({ name: op.name, arity: op.arity, family: op.family, formula: op.formula ?? '' }));
}

export function formatOperatorList(rows: readonly OperatorListing[]): string {
  const header = { name: 'name', arity: 'arity', family: 'family', formula: 'formula' };
  const cells = [header, ...rows.map((row) => ({ ...row, arity: String(row.arity) }))];
  const width = (key: 'name' | 'arity' | 'family') => Math.max(...cells.map((cell) => cell[key].length));
  const [name, arity, family] = [width('name'), width('arity'), width('family')];
  return cells
    .map((cell) => `${cell.name.padEnd(name)}  ${cell.arity.padStart(arity)}  ${cell.family.padEnd(family)}  ${cell.formula}`.trimEnd())
    .join('\n');
}
