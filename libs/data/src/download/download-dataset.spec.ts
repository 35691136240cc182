import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { DataFormatError } from '@recsearch/core';
import { readMovieLens100k } from '../readers/known-formats';
import { downloadDataset, DownloadError } from './download-dataset';
import { readZip } from './zip-reader';

/** A minimal zip writer (deflate or stored entries, no zip64) for building test archives. */
function makeZip(entries: { name: string; data: Buffer; store?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const body = entry.store ? entry.data : deflateRawSync(entry.data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(entry.store ? 0 : 8, 8);
    header.writeUInt32LE(crc32(entry.data), 14);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(entry.data.length, 22);
    header.writeUInt16LE(name.length, 26);
    locals.push(header, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.store ? 0 : 8, 10);
    central.writeUInt32LE(crc32(entry.data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += header.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const ratings = Buffer.from('196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n');
const readme = Buffer.from('SUMMARY & USAGE LICENSE\n');
const archive = makeZip([
  { name: 'ml-100k/', data: Buffer.alloc(0), store: true },
  { name: 'ml-100k/u.data', data: ratings },
  { name: 'ml-100k/README', data: readme, store: true },
]);
const sha256 = createHash('sha256').update(archive).digest('hex');

describe('readZip', () => {
  it('round-trips stored and deflated entries', () => {
    const entries = readZip(archive);
    expect(entries.map((entry) => entry.name)).toEqual(['ml-100k/', 'ml-100k/u.data', 'ml-100k/README']);
    expect(entries[1].data.equals(ratings)).toBe(true);
    expect(entries[2].data.equals(readme)).toBe(true);
  });

  it('rejects a damaged archive and a non-archive', () => {
    const damaged = Buffer.from(archive);
    const at = damaged.indexOf(Buffer.from('SUMMARY'));
    damaged[at] ^= 0xff;
    expect(() => readZip(damaged, 'x.zip')).toThrow(/README: CRC or size mismatch/);
    expect(() => readZip(Buffer.from('hello, not a zip at all, but long enough'), 'y.zip')).toThrow(DataFormatError);
  });
});

describe('downloadDataset from a local HTTP server', () => {
  let server: Server;
  let baseUrl: string;
  let cache: string;
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url === '/movielens/ml-100k.zip') {
        response.writeHead(200, { 'content-type': 'application/zip' });
        response.end(archive);
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/movielens`;
  });
  beforeEach(() => {
    cache = mkdtempSync(path.join(tmpdir(), 'recsearch-cache-'));
    requests.length = 0;
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('downloads, verifies, unpacks into the cache, and reads; a second call uses the cache', async () => {
    const checksum = { algorithm: 'sha256' as const, digest: sha256 };
    const result = await downloadDataset('ml-100k', cache, { baseUrl, checksum });
    expect(result).toMatchObject({ downloaded: true, folder: path.join(cache, 'ml-100k'), bytes: archive.length });
    expect(readFileSync(path.join(cache, 'ml-100k', 'README')).equals(readme)).toBe(true);
    expect(readdirSync(cache)).toEqual(['ml-100k']);
    const dataset = await readMovieLens100k(result.folder);
    expect([dataset.interactions.users.length, dataset.userIds]).toEqual([3, ['22', '186', '196']]);
    const again = await downloadDataset('ml-100k', cache, { baseUrl, checksum });
    expect(again.downloaded).toBe(false);
    expect(requests).toEqual(['/movielens/ml-100k.zip']);
  });

  it('refuses a checksum mismatch and leaves the cache empty', async () => {
    const error = await downloadDataset('ml-100k', cache, { baseUrl }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toMatch(/md5 mismatch: expected 0e33842e24a9c977be4e0107933c0723/);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('reports HTTP errors and unknown names', async () => {
    const missing = await downloadDataset('ml-1m', cache, { baseUrl }).catch((caught: unknown) => caught);
    expect((missing as Error).message).toMatch(/ml-1m\.zip: HTTP 404/);
    await expect(downloadDataset('ml-5k', cache)).rejects.toThrow(/no downloadable dataset "ml-5k"/);
    expect(existsSync(path.join(cache, 'ml-1m'))).toBe(false);
  });
});
