import { crc32, inflateRawSync } from 'node:zlib';
import { DataFormatError } from '@recsearch/core';

export interface ZipEntry {
  /** Path inside the archive, `/`-separated; folders end with `/`. */
  name: string;
  data: Buffer;
}

const endOfCentralDirectory = 0x06054b50;
const centralFileHeader = 0x02014b50;
const localFileHeader = 0x04034b50;

/**
 * Reads every entry of a zip archive held in memory (stored or deflated; no zip64, no
 * encryption), checking each entry's CRC-32. `source` names the archive in errors.
 */
export function readZip(archive: Buffer, source = 'zip archive'): ZipEntry[] {
  const fail = (reason: string): never => {
    throw new DataFormatError({ file: source }, reason);
  };
  let end = -1;
  for (let at = archive.length - 22; at >= Math.max(0, archive.length - 22 - 0xffff); at--) {
    if (archive.readUInt32LE(at) === endOfCentralDirectory) {
      end = at;
      break;
    }
  }
  if (end < 0) fail('not a zip archive (no end-of-central-directory record)');
  const entryCount = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let k = 0; k < entryCount; k++) {
    if (at + 46 > archive.length || archive.readUInt32LE(at) !== centralFileHeader) fail(`bad central directory entry ${k}`);
    const flags = archive.readUInt16LE(at + 8);
    const method = archive.readUInt16LE(at + 10);
    const crc = archive.readUInt32LE(at + 16);
    const compressedSize = archive.readUInt32LE(at + 20);
    const size = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const localOffset = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (flags & 1) fail(`${name}: encrypted entries are not supported`);
    if (localOffset + 30 > archive.length || archive.readUInt32LE(localOffset) !== localFileHeader) fail(`${name}: bad local header`);
    const dataStart = localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
    const raw = archive.subarray(dataStart, dataStart + compressedSize);
    if (raw.length !== compressedSize) fail(`${name}: truncated`);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else return fail(`${name}: compression method ${method} is not supported`);
    if (data.length !== size || crc32(data) !== crc) fail(`${name}: CRC or size mismatch (damaged archive)`);
    entries.push({ name, data });
  }
  return entries;
}
