import path from 'node:path';
import { DataFormatError } from '@recsearch/core';
import { rowsWhere, selectRows } from '../interactions/interaction-columns';
import { forEachLine } from '../io/line-reader';
import { DatasetBuilder, type LoadedDataset } from './dataset-builder';

const parts = ['train', 'validation', 'test'] as const;

/**
 * The AutoLossGen authors' exact ML-100K split: `train.csv`, `validation.csv`, `test.csv` in
 * one folder, tab-separated, header `uid iid label`. All three share one id index; the
 * dataset's `split` holds the parts as published (labels 0/1, no timestamps).
 */
export async function readAutoLossGenSplit(folder: string, name = 'ml-100k-autolossgen'): Promise<LoadedDataset> {
  const builder = new DatasetBuilder();
  const partOfRow: number[] = [];
  let lines = 0;
  let skipped = 0;
  for (const [partIndex, part] of parts.entries()) {
    const file = path.join(folder, `${part}.csv`);
    lines += await forEachLine(file, (line, lineNumber) => {
      const fail = (reason: string): never => {
        throw new DataFormatError({ file, line: lineNumber }, `${reason} in ${JSON.stringify(line.slice(0, 120))}`);
      };
      if (lineNumber === 1) {
        if (line.trim().split(/\s+/).join(' ') !== 'uid iid label') fail('expected the header "uid iid label"');
        skipped++;
        return;
      }
      if (line.trim() === '') {
        skipped++;
        return;
      }
      const fields = line.split('\t');
      if (fields.length !== 3) fail(`expected 3 tab-separated fields, found ${fields.length}`);
      const [user, item, labelText] = fields;
      if (!/^\d+$/.test(user) || !/^\d+$/.test(item)) fail('uid and iid must be integers');
      if (labelText !== '0' && labelText !== '1') fail(`label "${labelText}" is not 0 or 1`);
      builder.add(user, item, labelText === '1' ? 1 : 0, 0);
      partOfRow.push(partIndex);
    });
  }
  const dataset = builder.build({ name, feedback: 'binary', withTimes: false, duplicates: 'keep-all', lines, skipped });
  const flags = Uint8Array.from(partOfRow);
  const [train, validation, test] = parts.map((_, index) => selectRows(dataset.interactions, rowsWhere(flags, index)));
  return { ...dataset, split: { train, validation, test } };
}
