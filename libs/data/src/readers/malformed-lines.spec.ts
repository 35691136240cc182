import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataFormatError } from '@recsearch/core';
import { readAmazonJson } from './amazon-json-reader';
import { readAutoLossGenSplit } from './autolossgen-split-reader';
import { readDelimited } from './delimited-reader';
import { readFilmTrust, readMovieLens100k, readMovieLensDat } from './known-formats';

let folder: string;
beforeAll(() => (folder = mkdtempSync(path.join(tmpdir(), 'recsearch-data-'))));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(folder, name);
  writeFileSync(file, content);
  return file;
}

async function formatError(load: Promise<unknown>): Promise<DataFormatError> {
  const error = await load.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DataFormatError);
  return error as DataFormatError;
}

describe('malformed lines fail with the file and line', () => {
  it('names a short line in u.data', async () => {
    const file = write('u.data', '1\t10\t4\t881250949\n2\t20\t3\t881250950\n3\t30\n');
    const error = await formatError(readMovieLens100k(file));
    expect(error.where).toEqual({ file, line: 3 });
    expect(error.message).toContain(`${file}:3: expected 4 fields, found 2`);
  });

  it('names a rating that is not a number in ratings.dat', async () => {
    const file = write('ratings.dat', '1::1193::5::978300760\n1::661::x::978302109\n');
    const error = await formatError(readMovieLensDat(file));
    expect(error.message).toContain(`${file}:2: rating "x" is not a number`);
  });

  it('names a bad timestamp, and a line with an extra field', async () => {
    const badTime = write('bad-time.data', '1\t10\t4\tnoon\n');
    expect((await formatError(readMovieLens100k(badTime))).where.line).toBe(1);
    const extra = write('extra.txt', '1 1 2\n1 2 4 9\n');
    expect((await formatError(readFilmTrust(extra))).message).toContain(':2: expected 3 fields, found 4');
  });

  it('names a broken JSON line inside a gzipped Amazon file', async () => {
    const good = JSON.stringify({ reviewerID: 'A', asin: 'B', overall: 5, unixReviewTime: 1 });
    const file = write('reviews.json.gz', gzipSync(`${good}\n${good}\n{"reviewerID": "A", "asin"\n`));
    const error = await formatError(readAmazonJson(file));
    expect(error.where).toEqual({ file, line: 3 });
    const missing = write('missing.json', `${good}\n${JSON.stringify({ reviewerID: 'A', asin: 'B', unixReviewTime: 1 })}\n`);
    expect((await formatError(readAmazonJson(missing))).message).toContain(':2: "overall" is not a number');
  });

  it('checks the AutoLossGen header and labels', async () => {
    const split = path.join(folder, 'split');
    mkdirSync(split);
    writeFileSync(path.join(split, 'train.csv'), 'uid\tiid\tlabel\n1\t2\t1\n');
    writeFileSync(path.join(split, 'validation.csv'), 'uid\tiid\tlabel\n1\t3\t2\n');
    writeFileSync(path.join(split, 'test.csv'), 'uid\tiid\tlabel\n1\t4\t0\n');
    const error = await formatError(readAutoLossGenSplit(split));
    expect(error.where).toEqual({ file: path.join(split, 'validation.csv'), line: 2 });
    writeFileSync(path.join(split, 'validation.csv'), 'user,item,label\n');
    expect((await formatError(readAutoLossGenSplit(split))).message).toContain('validation.csv:1: expected the header');
  });
});

describe('generic delimited files', () => {
  it('maps columns by header name, unquotes fields, skips blank lines and handles CRLF', async () => {
    const file = write('ratings.csv', 'time,"item","user",stars\r\n100,"i1","u2",3.5\r\n\r\n200,i2,u1,5\r\n');
    const dataset = await readDelimited(
      file,
      { separator: ',', header: true, columns: { user: 'user', item: 'item', rating: 'stars', time: 'time' } },
      'csv',
    );
    expect(dataset.userIds).toEqual(['u1', 'u2']);
    expect(dataset.itemIds).toEqual(['i1', 'i2']);
    expect(Array.from(dataset.interactions.users)).toEqual([1, 0]);
    expect(Array.from(dataset.interactions.items)).toEqual([0, 1]);
    expect(Array.from(dataset.interactions.ratings)).toEqual([3.5, 5]);
    expect(Array.from(dataset.interactions.times ?? [])).toEqual([100, 200]);
    expect(dataset.report).toEqual({ lines: 4, skipped: 2, duplicatesDropped: 0 });
  });

  it('without a rating column gives implicit feedback; a missing named column is an error', async () => {
    const file = write('pairs.tsv', 'a\tx\nb\ty\na\ty\n');
    const dataset = await readDelimited(file, { separator: '\t', columns: { user: 0, item: 1 } }, 'pairs');
    expect(dataset.feedback).toBe('implicit');
    expect(Array.from(dataset.interactions.ratings)).toEqual([1, 1, 1]);
    const named = write('named.csv', 'u,i\n1,2\n');
    const error = await formatError(
      readDelimited(named, { separator: ',', header: true, columns: { user: 'u', item: 'i', rating: 'r' } }, 'x'),
    );
    expect(error.message).toContain('rating column "r" not found');
  });

  it('keeps every repeat with keep-all, the last one with keep-last', async () => {
    const file = write('repeats.txt', '1 1 1\n1 2 2\n1 1 3\n2 1 4\n1 1 5\n');
    const last = await readFilmTrust(file);
    expect(last.report.duplicatesDropped).toBe(2);
    expect(Array.from(last.interactions.ratings)).toEqual([2, 4, 5]);
    const all = await readDelimited(file, { separator: ' ', columns: { user: 0, item: 1, rating: 2 }, duplicates: 'keep-all' }, 'x');
    expect(all.interactions.ratings.length).toBe(5);
  });
});

describe('small well-formed files', () => {
  it('reads ML-1M/10M ratings.dat from its folder, and plain (not gzipped) Amazon JSON lines', async () => {
    const ml1m = path.join(folder, 'ml-1m');
    mkdirSync(ml1m);
    writeFileSync(path.join(ml1m, 'ratings.dat'), '1::1193::5::978300760\n1::661::3::978302109\n10::1193::4.5::978301968\n');
    const dat = await readMovieLensDat(ml1m);
    expect([dat.userIds, dat.itemIds]).toEqual([['1', '10'], ['661', '1193']]);
    expect(Array.from(dat.interactions.items)).toEqual([1, 0, 1]);
    expect(Array.from(dat.interactions.ratings)).toEqual([5, 3, 4.5]);
    expect(dat.interactions.times?.[2]).toBe(978301968);
    const review = (user: string, item: string, overall: number) => JSON.stringify({ reviewerID: user, asin: item, overall, unixReviewTime: 7 });
    const json = await readAmazonJson(write('reviews.json', `${review('B', 'x', 4)}\n${review('A', 'x', 2)}\n${review('B', 'x', 5)}\n`));
    expect(json.name).toBe('reviews');
    expect(json.report.duplicatesDropped).toBe(1);
    expect(Array.from(json.interactions.ratings)).toEqual([2, 5]);
  });
});
