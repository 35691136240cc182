import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Streams a text file (gzip detected by its magic bytes) and calls `onLine` with each line
 * (without its `\n` or `\r\n`) and its 1-based number. An exception thrown by `onLine` stops
 * the read and rejects the promise with that exception.
 */
export async function forEachLine(file: string, onLine: (line: string, lineNumber: number) => void): Promise<number> {
  const gzipped = await isGzip(file);
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = gzipped ? raw.pipe(createGunzip()) : raw;
  if (stream !== raw) raw.on('error', (error) => stream.destroy(error));
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lineNumber = 0;
  const emit = (line: string): void => {
    lineNumber++;
    onLine(line.endsWith('\r') ? line.slice(0, -1) : line, lineNumber);
  };
  try {
    for await (const chunk of stream) {
      const text = pending + decoder.write(chunk as Buffer);
      let start = 0;
      let newline = text.indexOf('\n', start);
      while (newline !== -1) {
        emit(text.slice(start, newline));
        start = newline + 1;
        newline = text.indexOf('\n', start);
      }
      pending = text.slice(start);
    }
    pending += decoder.end();
    if (pending.length > 0) emit(pending);
  } finally {
    raw.destroy();
  }
  return lineNumber;
}
