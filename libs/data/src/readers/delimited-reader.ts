import { DataFormatError, type Feedback } from '@recsearch/core';
import { forEachLine } from '../io/line-reader';
import { DatasetBuilder, type DuplicatePolicy, type LoadedDataset } from './dataset-builder';

/** A column by 0-based position, or by its name in the header line. */
export type ColumnRef = number | string;

export interface DelimitedFormat {
  /** Field separator: `'\t'`, `','`, `'::'`, `' '`, or a RegExp such as `/\s+/`. */
  separator: string | RegExp;
  columns: { user: ColumnRef; item: ColumnRef; rating?: ColumnRef; time?: ColumnRef };
  /** The first line names the columns (required when a column is given by name). */
  header?: boolean;
  /** Exact number of fields every line must have; otherwise at least enough for the columns. */
  fieldCount?: number;
  /** Rating given to every row when there is no rating column. Default 1. */
  defaultRating?: number;
  /** Default `keep-last`. */
  duplicates?: DuplicatePolicy;
  /** Default: `explicit` with a rating column, `implicit` without. */
  feedback?: Feedback;
}

interface ResolvedColumns {
  user: number;
  item: number;
  rating: number;
  time: number;
}

function resolveColumns(format: DelimitedFormat, header: string[] | undefined, file: string): ResolvedColumns {
  const resolve = (ref: ColumnRef | undefined, role: string): number => {
    if (ref === undefined) return -1;
    if (typeof ref === 'number') return ref;
    const index = header?.indexOf(ref) ?? -1;
    if (index < 0) {
      const found = header ? `header has ${header.join(', ')}` : 'no header line';
      throw new DataFormatError({ file, line: 1 }, `${role} column "${ref}" not found (${found})`);
    }
    return index;
  };
  const { columns } = format;
  return {
    user: resolve(columns.user, 'user'),
    item: resolve(columns.item, 'item'),
    rating: resolve(columns.rating, 'rating'),
    time: resolve(columns.time, 'time'),
  };
}

function unquote(field: string): string {
  const trimmed = field.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

/**
 * Reads a delimited ratings file line by line. Blank lines are skipped; any other line that
 * does not parse throws a `DataFormatError` with file and line, so nothing half-loaded escapes.
 * Quoted fields are unquoted but may not contain the separator.
 */
export async function readDelimited(file: string, format: DelimitedFormat, name: string): Promise<LoadedDataset> {
  const builder = new DatasetBuilder();
  let columns: ResolvedColumns | undefined = format.header ? undefined : resolveColumns(format, undefined, file);
  let skipped = 0;
  let needed = 0;
  const setNeeded = (resolved: ResolvedColumns): void => {
    needed = format.fieldCount ?? Math.max(resolved.user, resolved.item, resolved.rating, resolved.time) + 1;
  };
  if (columns) setNeeded(columns);
  const defaultRating = format.defaultRating ?? 1;
  const lines = await forEachLine(file, (line, lineNumber) => {
    if (line.trim() === '') {
      skipped++;
      return;
    }
    const fields = line.split(format.separator);
    if (!columns) {
      columns = resolveColumns(format, fields.map(unquote), file);
      setNeeded(columns);
      skipped++;
      return;
    }
    const fail = (reason: string): never => {
      throw new DataFormatError({ file, line: lineNumber }, `${reason} in ${JSON.stringify(line.slice(0, 120))}`);
    };
    if (format.fieldCount !== undefined ? fields.length !== needed : fields.length < needed) {
      fail(`expected ${format.fieldCount !== undefined ? '' : 'at least '}${needed} fields, found ${fields.length}`);
    }
    const user = unquote(fields[columns.user]);
    const item = unquote(fields[columns.item]);
    if (user === '' || item === '') fail('empty user or item id');
    let rating = defaultRating;
    if (columns.rating >= 0) {
      const text = unquote(fields[columns.rating]);
      rating = Number(text);
      if (text === '' || !Number.isFinite(rating)) fail(`rating "${text}" is not a number`);
    }
    let time = 0;
    if (columns.time >= 0) {
      const text = unquote(fields[columns.time]);
      time = Number(text);
      if (text === '' || !Number.isFinite(time)) fail(`timestamp "${text}" is not a number`);
    }
    builder.add(user, item, rating, time);
  });
  const resolved = columns as ResolvedColumns | undefined;
  return builder.build({
    name,
    feedback: format.feedback ?? (resolved && resolved.rating >= 0 ? 'explicit' : 'implicit'),
    withTimes: resolved !== undefined && resolved.time >= 0,
    duplicates: format.duplicates ?? 'keep-last',
    lines,
    skipped,
  });
}
