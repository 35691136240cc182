import type { Rng } from '@recsearch/core';

/** Per-user item lists in CSR form: user u's items are `items[offsets[u] .. offsets[u+1])`. */
export interface UserItemLists {
  readonly offsets: Int32Array;
  readonly items: Int32Array;
}

/** Writes the score of every item (0..itemCount-1) for `user` into `out`; higher ranks first. */
export type ScoreAllItems = (user: number, out: Float32Array) => void;

export interface RankingOptions {
  itemCount: number;
  /** The relevant items per user (e.g. the test positives). Users without any are skipped. */
  heldOut: UserItemLists;
  /** Items never ranked (each user's training items; add validation items when testing). */
  exclude: readonly UserItemLists[];
  score: ScoreAllItems;
  /** Cut-offs; default 10, 20, 50. */
  ks?: readonly number[];
  /**
   * Rank each user's held-out items against this many sampled negatives instead of all
   * non-excluded items. Off by default; metric names then carry `(sampled-N)`.
   */
  sampledNegatives?: { count: number; rng: Rng };
  /** Also return every user's value of every metric (for paired significance tests). */
  perUser?: boolean;
}

export interface RankingReport {
  protocol: 'full-ranking' | `sampled-${number}`;
  /** Users with at least one held-out item: the ones averaged over. */
  users: number;
  /** `ndcg@K`, `recall@K`, `precision@K`, `hr@K`, `mrr` (with a `(sampled-N)` suffix when sampled). */
  metrics: Record<string, number>;
  /** User index of each row of `perUser` values. */
  evaluatedUsers?: Int32Array;
  perUser?: Record<string, Float64Array>;
}

/** Fills `ranks[k]` with the 0-based position of `relevant[k]` among the candidates. */
export type RankComputer = (relevant: Int32Array, ranks: Int32Array) => void;

function log2Discount(rank: number): number {
  return 1 / Math.log2(rank + 2);
}

/**
 * Ranking metrics averaged over users with held-out items: binary gains, DCG discount
 * 1/log₂(rank+2), IDCG over min(K, #held-out); Recall@K = hits / #held-out; Precision@K =
 * hits / K; HR@K = any hit; MRR = 1 / (rank of the best-ranked held-out item + 1), over the
 * whole ranking. Ties between scores are broken by item index (lower first), so results are
 * deterministic. By default every non-excluded item is a candidate (full ranking).
 */
export function evaluateRanking(options: RankingOptions): RankingReport {
  const ks = [...(options.ks ?? [10, 20, 50])].sort((a, b) => a - b);
  const { heldOut, itemCount } = options;
  const userCount = heldOut.offsets.length - 1;
  const sampled = options.sampledNegatives;
  const suffix = sampled ? `(sampled-${sampled.count})` : '';
  const names = [...ks.flatMap((k) => [`ndcg@${k}`, `recall@${k}`, `precision@${k}`, `hr@${k}`]), 'mrr'].map((name) => name + suffix);
  const sums = new Float64Array(names.length);
  const evaluated: number[] = [];
  const perUserRows: Float64Array[] = [];
  const scores = new Float32Array(itemCount);
  const excluded = new Int32Array(itemCount).fill(-1);
  const values = new Float64Array(names.length);

  for (let user = 0; user < userCount; user++) {
    const relevant = heldOut.items.subarray(heldOut.offsets[user], heldOut.offsets[user + 1]);
    if (relevant.length === 0) continue;
    for (const list of options.exclude) {
      for (let k = list.offsets[user]; k < list.offsets[user + 1]; k++) excluded[list.items[k]] = user;
    }
    for (const item of relevant) excluded[item] = -1;
    options.score(user, scores);
    const ranks = new Int32Array(relevant.length);
    if (sampled) rankAgainstSample(relevant, scores, excluded, user, sampled, ranks);
    else rankAgainstAll(relevant, scores, excluded, user, ranks);
    metricsFromRanks(ranks, ks, values);
    for (let m = 0; m < values.length; m++) sums[m] += values[m];
    evaluated.push(user);
    if (options.perUser) perUserRows.push(values.slice());
  }

  const report: RankingReport = {
    protocol: sampled ? `sampled-${sampled.count}` : 'full-ranking',
    users: evaluated.length,
    metrics: Object.fromEntries(names.map((name, m) => [name, evaluated.length ? sums[m] / evaluated.length : NaN])),
  };
  if (options.perUser) {
    report.evaluatedUsers = Int32Array.from(evaluated);
    report.perUser = Object.fromEntries(names.map((name, m) => [name, Float64Array.from(perUserRows, (row) => row[m])]));
  }
  return report;
}

/**
 * One user's NDCG, recall, precision and HR per cut-off (in `ks` order), then MRR, written to
 * `out`, from the 0-based ranks of the user's relevant items.
 */
export function metricsFromRanks(ranks: Int32Array, ks: readonly number[], out: Float64Array): void {
  const sorted = ranks.slice().sort();
  let m = 0;
  for (const k of ks) {
    let hits = 0;
    let dcg = 0;
    for (let j = 0; j < sorted.length && sorted[j] < k; j++) {
      hits++;
      dcg += log2Discount(sorted[j]);
    }
    let idcg = 0;
    for (let j = 0; j < Math.min(k, sorted.length); j++) idcg += log2Discount(j);
    out[m++] = dcg / idcg;
    out[m++] = hits / sorted.length;
    out[m++] = hits / k;
    out[m++] = hits > 0 ? 1 : 0;
  }
  out[m] = 1 / (sorted[0] + 1);
}

/** True when candidate (score s, item j) ranks ahead of (score t, item r). */
export function ahead(s: number, j: number, t: number, r: number): boolean {
  return s > t || (s === t && j < r);
}

/**
 * Ranks among all non-excluded items in O(items · log(held-out)): the held-out scores are
 * sorted once, then each candidate adds one to the rank of every held-out item it beats.
 */
function rankAgainstAll(relevant: Int32Array, scores: Float32Array, excluded: Int32Array, user: number, ranks: Int32Array): void {
  const n = relevant.length;
  const order = Int32Array.from({ length: n }, (_, k) => k).sort((a, b) => scores[relevant[a]] - scores[relevant[b]]);
  const sortedScores = Float64Array.from(order, (k) => scores[relevant[k]]);
  // beaten[p] counts candidates strictly above sortedScores[p] (difference array over p).
  const beaten = new Int32Array(n + 1);
  for (let item = 0; item < scores.length; item++) {
    if (excluded[item] === user) continue;
    const s = scores[item];
    let low = 0;
    let high = n;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sortedScores[middle] < s) low = middle + 1;
      else high = middle;
    }
    beaten[0]++;
    beaten[low]--;
    for (let p = low; p < n && sortedScores[p] === s; p++) if (item < relevant[order[p]]) ranks[order[p]]++;
  }
  let running = 0;
  for (let p = 0; p < n; p++) {
    running += beaten[p];
    ranks[order[p]] += running;
  }
}

/** Ranks among the held-out items plus `count` distinct negatives drawn uniformly from the other candidates. */
function rankAgainstSample(
  relevant: Int32Array,
  scores: Float32Array,
  excluded: Int32Array,
  user: number,
  sampled: { count: number; rng: Rng },
  ranks: Int32Array,
): void {
  const isRelevant = new Set(relevant);
  let available = 0;
  for (let item = 0; item < scores.length; item++) if (excluded[item] !== user && !isRelevant.has(item)) available++;
  const count = Math.min(sampled.count, available);
  const chosen = new Set<number>();
  while (chosen.size < count) {
    const item = sampled.rng.int(0, scores.length - 1);
    if (excluded[item] !== user && !isRelevant.has(item)) chosen.add(item);
  }
  const candidates = [...relevant, ...chosen];
  for (let k = 0; k < relevant.length; k++) {
    const r = relevant[k];
    let rank = 0;
    for (const j of candidates) if (ahead(scores[j], j, scores[r], r)) rank++;
    ranks[k] = rank;
  }
}

/** The k best items by score (ties: lower index first), best first, skipping `exclude`d items. */
export function topK(scores: Float32Array, k: number, exclude?: (item: number) => boolean): Int32Array {
  const heap = new Int32Array(Math.min(k, scores.length));
  let size = 0;
  // Min-heap on (score, -index): the root is the weakest of the current top k.
  const weaker = (a: number, b: number): boolean => !ahead(scores[a], a, scores[b], b);
  const siftDown = (at: number): void => {
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let weakest = at;
      if (left < size && weaker(heap[left], heap[weakest])) weakest = left;
      if (right < size && weaker(heap[right], heap[weakest])) weakest = right;
      if (weakest === at) return;
      [heap[at], heap[weakest]] = [heap[weakest], heap[at]];
      at = weakest;
    }
  };
  for (let item = 0; item < scores.length; item++) {
    if (exclude?.(item)) continue;
    if (size < heap.length) {
      heap[size] = item;
      for (let at = size++; at > 0; ) {
        const parent = (at - 1) >>> 1;
        if (!weaker(heap[at], heap[parent])) break;
        [heap[at], heap[parent]] = [heap[parent], heap[at]];
        at = parent;
      }
    } else if (heap.length > 0 && ahead(scores[item], item, scores[heap[0]], heap[0])) {
      heap[0] = item;
      siftDown(0);
    }
  }
  const out = heap.slice(0, size);
  return out.sort((a, b) => (ahead(scores[a], a, scores[b], b) ? -1 : 1));
}
