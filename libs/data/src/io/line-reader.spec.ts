import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { forEachLine } from './line-reader';

let folder: string;
beforeAll(() => (folder = mkdtempSync(path.join(tmpdir(), 'recsearch-lines-'))));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function linesOf(file: string): Promise<string[]> {
  const lines: string[] = [];
  let misnumbered = 0;
  const count = await forEachLine(file, (line, lineNumber) => {
    if (lineNumber !== lines.length + 1) misnumbered++;
    lines.push(line);
  });
  expect([count, misnumbered]).toEqual([lines.length, 0]);
  return lines;
}

describe('forEachLine', () => {
  it('splits LF and CRLF lines, with or without a final newline', async () => {
    const file = path.join(folder, 'a.txt');
    writeFileSync(file, 'one\r\ntwo\n\nthree');
    expect(await linesOf(file)).toEqual(['one', 'two', '', 'three']);
  });

  it('keeps multi-byte characters and lines intact across 1 MiB chunk boundaries, gzipped or not', async () => {
    const lines = Array.from({ length: 60_000 }, (_, k) => `${k}\tFilm «été» №${k}\t${'é'.repeat(k % 7)}`);
    const text = `${lines.join('\n')}\n`;
    const plain = path.join(folder, 'big.txt');
    const gzipped = path.join(folder, 'big.txt.gz');
    writeFileSync(plain, text);
    writeFileSync(gzipped, gzipSync(text));
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 << 20);
    for (const file of [plain, gzipped]) {
      const read = await linesOf(file);
      expect(read.length).toBe(lines.length);
      expect(read.every((line, k) => line === lines[k])).toBe(true);
    }
  });

  it('stops at the first exception thrown by the callback', async () => {
    const file = path.join(folder, 'stop.txt');
    writeFileSync(file, 'a\nb\nc\n');
    const seen: number[] = [];
    await expect(
      forEachLine(file, (_line, lineNumber) => {
        seen.push(lineNumber);
        if (lineNumber === 2) throw new Error('bad line 2');
      }),
    ).rejects.toThrow('bad line 2');
    expect(seen).toEqual([1, 2]);
  });

  it('rejects a missing file', async () => {
    await expect(forEachLine(path.join(folder, 'missing.txt'), () => undefined)).rejects.toThrow(/ENOENT/);
  });
});
