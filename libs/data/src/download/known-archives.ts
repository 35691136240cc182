/**
 * Downloadable datasets. Checksums: GroupLens publishes MD5 sums of its zips (the `.md5`
 * files beside them); these values match the ones quoted by several independent loaders.
 * No published SHA-256 of these zips was available to us, so the table holds MD5 and takes
 * a SHA-256 as soon as one is recorded (the algorithm is part of each entry).
 */
export interface ArchiveChecksum {
  algorithm: 'sha256' | 'md5';
  digest: string;
}

export interface KnownArchive {
  name: string;
  description: string;
  /** File name of the zip under the base URL. */
  file: string;
  baseUrl: string;
  checksum: ArchiveChecksum;
  /** The ratings file inside the unpacked folder. */
  ratingsFile: string;
}

const grouplens = 'https://files.grouplens.org/datasets/movielens';

export const knownArchives: Readonly<Record<string, KnownArchive>> = {
  'ml-100k': {
    name: 'ml-100k',
    description: 'MovieLens 100K: 943 users, 1,682 items, 100,000 ratings 1-5 with timestamps (GroupLens)',
    file: 'ml-100k.zip',
    baseUrl: grouplens,
    checksum: { algorithm: 'md5', digest: '0e33842e24a9c977be4e0107933c0723' },
    ratingsFile: 'u.data',
  },
  'ml-1m': {
    name: 'ml-1m',
    description: 'MovieLens 1M: 6,040 users, 3,706 items, 1,000,209 ratings 1-5 with timestamps (GroupLens)',
    file: 'ml-1m.zip',
    baseUrl: grouplens,
    checksum: { algorithm: 'md5', digest: 'c4d9eecfca2ab87c1945afe126590906' },
    ratingsFile: 'ratings.dat',
  },
};
