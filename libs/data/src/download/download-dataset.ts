import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RecsearchError } from '@recsearch/core';
import { knownArchives, type ArchiveChecksum } from './known-archives';
import { readZip } from './zip-reader';

/** A download that failed or did not verify; nothing was written to the cache. */
export class DownloadError extends RecsearchError {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}

export interface DownloadOptions {
  /** Where the zip is fetched from instead of the publisher (e.g. a mirror, or a test server). */
  baseUrl?: string;
  /** Replaces the table's checksum (for mirrors of other builds, and tests). */
  checksum?: ArchiveChecksum;
  /** Re-download even when the cache already holds the dataset. */
  force?: boolean;
}

export interface DownloadResult {
  name: string;
  /** The unpacked folder, e.g. `<cacheDir>/ml-100k`. */
  folder: string;
  ratingsFile: string;
  /** False when the dataset was already in the cache. */
  downloaded: boolean;
  checksum: ArchiveChecksum;
  bytes: number;
}

const exists = (file: string): Promise<boolean> => access(file).then(() => true, () => false);

/**
 * Downloads a known dataset's zip, verifies its checksum, unpacks it into a temporary folder
 * beside the cache and renames that into place, so the cache holds either the whole dataset
 * or nothing. The archive's single top folder (e.g. `ml-100k/`) is the dataset folder.
 */
export async function downloadDataset(name: string, cacheDir: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const archive = knownArchives[name];
  if (!archive) {
    throw new RecsearchError(`no downloadable dataset "${name}" (known: ${Object.keys(knownArchives).join(', ')})`);
  }
  const folder = path.join(cacheDir, name);
  const checksum = options.checksum ?? archive.checksum;
  const result = { name, folder, ratingsFile: path.join(folder, archive.ratingsFile), checksum };
  if (!options.force && (await exists(result.ratingsFile))) return { ...result, downloaded: false, bytes: 0 };

  const url = `${(options.baseUrl ?? archive.baseUrl).replace(/\/+$/, '')}/${archive.file}`;
  let body: Buffer;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new DownloadError(url, `HTTP ${response.status} ${response.statusText}`);
    body = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError(url, `download failed: ${(error as Error).message}`);
  }
  const digest = createHash(checksum.algorithm).update(body).digest('hex');
  if (digest !== checksum.digest.toLowerCase()) {
    throw new DownloadError(url, `${checksum.algorithm} mismatch: expected ${checksum.digest}, got ${digest}`);
  }

  await mkdir(cacheDir, { recursive: true });
  const staging = path.join(cacheDir, `.${name}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const root = await unpack(body, staging, url);
    if (!(await exists(path.join(root, archive.ratingsFile)))) {
      throw new DownloadError(url, `the archive holds no ${archive.ratingsFile}`);
    }
    await rm(folder, { recursive: true, force: true });
    await rename(root, folder);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { ...result, downloaded: true, bytes: body.length };
}

/** Writes the entries under `staging`; returns the dataset root (the single top folder if any). */
async function unpack(body: Buffer, staging: string, url: string): Promise<string> {
  const entries = readZip(body, url);
  const tops = new Set<string>();
  for (const entry of entries) {
    const parts = entry.name.split('/').filter((part) => part !== '');
    if (entry.name.startsWith('/') || parts.some((part) => part === '..') || parts.length === 0) {
      throw new DownloadError(url, `unsafe path in archive: ${entry.name}`);
    }
    tops.add(entry.name.includes('/') ? parts[0] : '');
    const target = path.join(staging, ...parts);
    if (entry.name.endsWith('/')) {
      await mkdir(target, { recursive: true });
    } else {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, entry.data);
    }
  }
  const [top] = [...tops];
  return tops.size === 1 && top !== '' ? path.join(staging, top) : staging;
}
