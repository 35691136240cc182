import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where downloaded datasets go: $RECSEARCH_CACHE, else ~/.cache/recsearch/datasets. */
export function defaultCacheDir(): string {
  return process.env['RECSEARCH_CACHE'] ?? join(homedir(), '.cache', 'recsearch', 'datasets');
}
