import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserItems } from '../interactions/user-items';
import type { LoadedDataset } from './dataset-builder';
import { readAmazonJson } from './amazon-json-reader';
import { readAutoLossGenSplit } from './autolossgen-split-reader';
import { readAmazonTsv, readFilmTrust, readMovieLens100k } from './known-formats';

const sharedData = path.resolve(__dirname, '../../../../../shared/data');
const describeWithData = existsSync(sharedData) ? describe : describe.skip;

function histogram(dataset: LoadedDataset): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const rating of dataset.interactions.ratings) counts[rating] = (counts[rating] ?? 0) + 1;
  return counts;
}

function ratingOf(dataset: LoadedDataset, userId: string, itemId: string): number[] {
  const user = dataset.userIds.indexOf(userId);
  const item = dataset.itemIds.indexOf(itemId);
  const found: number[] = [];
  for (let row = 0; row < dataset.interactions.users.length; row++) {
    if (dataset.interactions.users[row] === user && dataset.interactions.items[row] === item) found.push(dataset.interactions.ratings[row]);
  }
  return found;
}

describeWithData('readers on the real files in ../shared/data (counts from its README)', () => {
  it('reads MovieLens 100K: 100,000 ratings, 943 users, 1,682 items, ML ids in order', async () => {
    const ml = await readMovieLens100k(path.join(sharedData, 'ml-100k'));
    expect([ml.interactions.users.length, ml.userCount, ml.itemCount]).toEqual([100_000, 943, 1682]);
    expect(histogram(ml)).toEqual({ 1: 6110, 2: 11370, 3: 27145, 4: 34174, 5: 21201 });
    expect(ml.userIds.slice(0, 3)).toEqual(['1', '2', '3']);
    expect(ml.itemIds[1681]).toBe('1682');
    const times = ml.interactions.times ?? new Float64Array(0);
    expect([Math.min(...times), Math.max(...times)]).toEqual([874724710, 893286638]);
    expect(ratingOf(ml, '1', '1')).toEqual([5]);
    const perUser = UserItems.from(ml.interactions, ml.userCount);
    expect(Math.min(...Array.from({ length: 943 }, (_, u) => perUser.countOf(u)))).toBe(20);
    expect(ml.report).toEqual({ lines: 100_000, skipped: 0, duplicatesDropped: 0 });
  });

  it('reads the 100-user sample', async () => {
    const sample = await readMovieLens100k(path.join(sharedData, 'ml-100k-sample', 'u.data'));
    expect([sample.interactions.users.length, sample.userCount, sample.itemCount]).toEqual([11_019, 100, 1238]);
  });

  it('reads FilmTrust, keeping the last of the 3 repeated (user, item) pairs and reporting them', async () => {
    const filmTrust = await readFilmTrust(path.join(sharedData, 'filmtrust'));
    expect([filmTrust.userCount, filmTrust.itemCount]).toEqual([1508, 2071]);
    expect(filmTrust.interactions.users.length).toBe(35_494);
    expect(filmTrust.report.duplicatesDropped).toBe(3);
    expect(filmTrust.notes?.[0]).toMatch(/^3 duplicate/);
    expect(filmTrust.interactions.times).toBeUndefined();
    // ratings.txt lines 7411/7437 (207: 3.5 then 3) and 7412/7468 (235: 4 then 1.5)
    expect(ratingOf(filmTrust, '308', '207')).toEqual([3]);
    expect(ratingOf(filmTrust, '308', '235')).toEqual([1.5]);
    expect(ratingOf(filmTrust, '308', '12')).toEqual([4]);
  });

  it('reads the Amazon 5-core both as gzipped publisher JSON and as TSV, with the same content', async () => {
    const folder = path.join(sharedData, 'amazon-musical-instruments-5');
    const json = await readAmazonJson(path.join(folder, 'reviews_Musical_Instruments_5.json.gz'));
    const tsv = await readAmazonTsv(path.join(folder, 'reviews_Musical_Instruments_5.tsv'));
    for (const dataset of [json, tsv]) {
      expect([dataset.interactions.users.length, dataset.userCount, dataset.itemCount]).toEqual([10_261, 1429, 900]);
      expect(histogram(dataset)).toEqual({ 1: 217, 2: 250, 3: 772, 4: 2084, 5: 6938 });
    }
    expect(json.userIds).toEqual(tsv.userIds);
    expect(json.itemIds).toEqual(tsv.itemIds);
    expect(json.interactions).toEqual(tsv.interactions);
    expect(json.userIds).toContain('A2IBPI20UZIR0U');
    expect(Math.min(...(json.interactions.times ?? []))).toBe(1095465600);
  });

  it("reads the AutoLossGen authors' split with its published part sizes", async () => {
    const dataset = await readAutoLossGenSplit(path.join(sharedData, 'ml-100k-autolossgen-split'));
    if (!dataset.split) throw new Error('the split reader gave no split');
    const { train, validation, test } = dataset.split;
    const positives = (part: { ratings: Float32Array }) => part.ratings.reduce((sum, label) => sum + label, 0);
    const users = (part: { users: Int32Array }) => new Set(part.users).size;
    expect([train.users.length, positives(train), users(train)]).toEqual([94_638, 53_491, 943]);
    expect([validation.users.length, positives(validation), users(validation)]).toEqual([2334, 942, 942]);
    expect([test.users.length, positives(test), users(test)]).toEqual([3028, 942, 942]);
    expect([dataset.userCount, dataset.itemCount, dataset.feedback]).toEqual([943, 1682, 'binary']);
    const user685 = dataset.userIds.indexOf('685');
    expect(validation.users.includes(user685) || test.users.includes(user685)).toBe(false);
    expect(dataset.interactions.users.length).toBe(100_000);
  });
});
