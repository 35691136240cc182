import path from 'node:path';
import { DataFormatError } from '@recsearch/core';
import { forEachLine } from '../io/line-reader';
import { DatasetBuilder, type LoadedDataset } from './dataset-builder';

interface AmazonReview {
  reviewerID?: unknown;
  asin?: unknown;
  overall?: unknown;
  unixReviewTime?: unknown;
}

/**
 * Amazon review data as its publisher ships it: one strict-JSON review per line
 * (`reviewerID`, `asin`, `overall`, `unixReviewTime`), gzipped or not. Repeated
 * (user, item) pairs keep the last review.
 */
export async function readAmazonJson(file: string, name = path.basename(file).replace(/\..*$/, '')): Promise<LoadedDataset> {
  const builder = new DatasetBuilder();
  let skipped = 0;
  const lines = await forEachLine(file, (line, lineNumber) => {
    if (line.trim() === '') {
      skipped++;
      return;
    }
    const fail = (reason: string): never => {
      throw new DataFormatError({ file, line: lineNumber }, reason);
    };
    let review: AmazonReview;
    try {
      review = JSON.parse(line) as AmazonReview;
    } catch (error) {
      return fail(`not a JSON object: ${(error as Error).message}`);
    }
    if (review === null || typeof review !== 'object') fail('not a JSON object');
    const { reviewerID, asin, overall, unixReviewTime } = review;
    if (typeof reviewerID !== 'string' || reviewerID === '') fail('missing "reviewerID"');
    if (typeof asin !== 'string' || asin === '') fail('missing "asin"');
    if (typeof overall !== 'number' || !Number.isFinite(overall)) fail('"overall" is not a number');
    if (typeof unixReviewTime !== 'number' || !Number.isFinite(unixReviewTime)) fail('"unixReviewTime" is not a number');
    builder.add(reviewerID as string, asin as string, overall as number, unixReviewTime as number);
  });
  return builder.build({ name, feedback: 'explicit', withTimes: true, duplicates: 'keep-last', lines, skipped });
}
