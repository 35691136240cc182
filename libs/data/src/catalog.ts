import type { Dataset } from '@recsearch/core';
import { knownArchives } from './download/known-archives';
import { readAmazonJson } from './readers/amazon-json-reader';
import { readAutoLossGenSplit } from './readers/autolossgen-split-reader';
import { readAmazonTsv, readFilmTrust, readMovieLens100k, readMovieLensDat } from './readers/known-formats';
import { syntheticDataset } from './synthetic/synthetic-dataset';

/** One entry of `recsearch datasets list`: a format recsearch reads, and whether it downloads. */
export interface DatasetFormat {
  name: string;
  description: string;
  /** What `location` points at. */
  expects: string;
  downloadable: boolean;
  load(location?: string): Promise<Dataset>;
}

function needs(location: string | undefined, name: string): string {
  if (!location) throw new RangeError(`dataset ${name} needs a file or folder location`);
  return location;
}

export const datasetFormats: readonly DatasetFormat[] = [
  {
    name: 'synthetic',
    description: 'built-in seeded generator, ML-100K-shaped by default (needs no files)',
    expects: 'nothing',
    downloadable: false,
    load: async () => syntheticDataset(),
  },
  {
    name: 'ml-100k',
    description: knownArchives['ml-100k'].description,
    expects: 'u.data or its folder',
    downloadable: true,
    load: (location) => readMovieLens100k(needs(location, 'ml-100k')),
  },
  {
    name: 'ml-1m',
    description: `${knownArchives['ml-1m'].description}; also reads ML-10M's ratings.dat`,
    expects: 'ratings.dat or its folder',
    downloadable: true,
    load: (location) => readMovieLensDat(needs(location, 'ml-1m')),
  },
  {
    name: 'ml-100k-autolossgen',
    description: "AutoLossGen authors' exact ML-100K train/validation/test split (labels 0/1)",
    expects: 'folder with train.csv, validation.csv, test.csv',
    downloadable: false,
    load: (location) => readAutoLossGenSplit(needs(location, 'ml-100k-autolossgen')),
  },
  {
    name: 'filmtrust',
    description: 'FilmTrust (LibRec): 1,508 users, 2,071 items, 35,497 ratings 0.5-4; repeated pairs keep the last',
    expects: 'ratings.txt or its folder',
    downloadable: false,
    load: (location) => readFilmTrust(needs(location, 'filmtrust')),
  },
  {
    name: 'amazon-json',
    description: "Amazon 5-core reviews as the publisher's JSON lines (.json or .json.gz)",
    expects: 'reviews_<Category>_5.json[.gz]',
    downloadable: false,
    load: (location) => readAmazonJson(needs(location, 'amazon-json')),
  },
  {
    name: 'amazon-tsv',
    description: 'Amazon ratings as user TAB item TAB rating TAB unix time',
    expects: 'a .tsv file',
    downloadable: false,
    load: (location) => readAmazonTsv(needs(location, 'amazon-tsv')),
  },
];
