import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedDataset } from './dataset-builder';
import { readDelimited, type DelimitedFormat } from './delimited-reader';

/** MovieLens 100K `u.data`: user TAB item TAB rating TAB timestamp. */
export const movieLens100kFormat: DelimitedFormat = {
  separator: '\t',
  columns: { user: 0, item: 1, rating: 2, time: 3 },
  fieldCount: 4,
};

/** MovieLens 1M / 10M `ratings.dat`: user::item::rating::timestamp. */
export const movieLensDatFormat: DelimitedFormat = {
  separator: '::',
  columns: { user: 0, item: 1, rating: 2, time: 3 },
  fieldCount: 4,
};

/** FilmTrust `ratings.txt`: user item rating, single spaces, no time; repeated pairs keep the last. */
export const filmTrustFormat: DelimitedFormat = {
  separator: ' ',
  columns: { user: 0, item: 1, rating: 2 },
  fieldCount: 3,
  duplicates: 'keep-last',
};

/** Amazon 5-core as user TAB item TAB rating TAB unix time (the compact TSV). */
export const amazonTsvFormat: DelimitedFormat = {
  separator: '\t',
  columns: { user: 0, item: 1, rating: 2, time: 3 },
  fieldCount: 4,
};

/** A file, or a folder holding the publisher's file name. */
async function fileIn(location: string, fileName: string): Promise<string> {
  const isFolder = await stat(location).then((info) => info.isDirectory(), () => false);
  return isFolder ? path.join(location, fileName) : location;
}

export async function readMovieLens100k(location: string, name = 'ml-100k'): Promise<LoadedDataset> {
  return readDelimited(await fileIn(location, 'u.data'), movieLens100kFormat, name);
}

export async function readMovieLensDat(location: string, name = 'ml-1m'): Promise<LoadedDataset> {
  return readDelimited(await fileIn(location, 'ratings.dat'), movieLensDatFormat, name);
}

export async function readFilmTrust(location: string, name = 'filmtrust'): Promise<LoadedDataset> {
  return readDelimited(await fileIn(location, 'ratings.txt'), filmTrustFormat, name);
}

export function readAmazonTsv(file: string, name = path.basename(file).replace(/\..*$/, '')): Promise<LoadedDataset> {
  return readDelimited(file, amazonTsvFormat, name);
}
