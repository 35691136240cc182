import { OperatorTable } from './table';

let table: OperatorTable | undefined;

/** The built-in operators with the paper's clamping, shared (it is immutable). */
export function defaultOperatorTable(): OperatorTable {
  return (table ??= OperatorTable.create());
}
