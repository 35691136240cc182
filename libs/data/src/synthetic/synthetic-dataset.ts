import type { Dataset } from '@recsearch/core';
import { Rng } from '@recsearch/core';

export interface SyntheticOptions {
  users?: number;
  items?: number;
  /** Total ratings; must leave each user at least `minPerUser` and at most half the items. */
  ratings?: number;
  /** Latent dimensions of the hidden taste model. Default 8. */
  factors?: number;
  /** Zipf exponent of item popularity (0 = uniform). Default 1. */
  popularitySkew?: number;
  /** Zipf exponent of user activity. Default 0.8. */
  activitySkew?: number;
  minPerUser?: number;
  /** Share of each rating 1..5, ML-100K's by default. */
  ratingShares?: readonly number[];
  /** Unix-second range of timestamps (ML-100K's by default). */
  timeRange?: readonly [number, number];
  seed?: number;
  name?: string;
}

const ml100kShares = [0.0611, 0.1137, 0.27145, 0.34174, 0.21201];

/** Cumulative Zipf weights 1/(rank+1)^s over a random permutation of ids. */
function zipfCdf(count: number, skew: number, rng: Rng): Float64Array {
  const rankOf = new Int32Array(count);
  for (let i = 0; i < count; i++) rankOf[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const swap = rankOf[i];
    rankOf[i] = rankOf[j];
    rankOf[j] = swap;
  }
  const cdf = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    total += 1 / Math.pow(rankOf[i] + 1, skew);
    cdf[i] = total;
  }
  for (let i = 0; i < count; i++) cdf[i] /= total;
  return cdf;
}

function drawFromCdf(cdf: Float64Array, u: number): number {
  let low = 0;
  let high = cdf.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cdf[middle] > u) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Walker/Vose alias table over the weights of a CDF: O(1) draws from one uniform. */
class AliasTable {
  private readonly threshold: Float64Array;
  private readonly alias: Int32Array;

  constructor(cdf: Float64Array) {
    const n = cdf.length;
    this.threshold = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    for (let i = 0; i < n; i++) scaled[i] = (cdf[i] - (i > 0 ? cdf[i - 1] : 0)) * n;
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) (scaled[i] < 1 ? small : large).push(i);
    while (small.length > 0 && large.length > 0) {
      const low = small.pop() as number;
      const high = large[large.length - 1];
      this.threshold[low] = scaled[low];
      this.alias[low] = high;
      scaled[high] += scaled[low] - 1;
      if (scaled[high] < 1) small.push(large.pop() as number);
    }
    for (const i of [...small, ...large]) {
      this.threshold[i] = 1;
      this.alias[i] = i;
    }
  }

  draw(u: number): number {
    const scaled = u * this.threshold.length;
    const index = Math.floor(scaled);
    return scaled - index < this.threshold[index] ? index : this.alias[index];
  }
}

/**
 * Each user's number of ratings: `minPerUser` each, the rest shared in proportion to activity
 * weight without exceeding `cap` (water-filling), the last few drawn at random.
 */
function ratingsPerUser(users: number, total: number, minPerUser: number, cap: number, cdf: Float64Array, rng: Rng): Int32Array {
  const counts = new Int32Array(users).fill(minPerUser);
  const weight = (user: number): number => cdf[user] - (user > 0 ? cdf[user - 1] : 0);
  let remaining = total - users * minPerUser;
  for (let round = 0; round < 64 && remaining >= users; round++) {
    let open = 0;
    for (let user = 0; user < users; user++) if (counts[user] < cap) open += weight(user);
    let given = 0;
    for (let user = 0; user < users; user++) {
      if (counts[user] >= cap) continue;
      const share = Math.min(cap - counts[user], Math.floor((remaining * weight(user)) / open));
      counts[user] += share;
      given += share;
    }
    remaining -= given;
    if (given === 0) break;
  }
  while (remaining > 0) {
    const user = rng.float() < 0.5 ? drawFromCdf(cdf, rng.float()) : rng.int(0, users - 1);
    if (counts[user] < cap) {
      counts[user]++;
      remaining--;
    }
  }
  return counts;
}

/**
 * A seeded synthetic explicit-ratings dataset, shaped like ML-100K by default (943 users,
 * 1,682 items, 100,000 ratings 1–5 with ML-100K's rating shares, timestamps over its period).
 * Items are chosen with Zipf popularity and a taste tournament (the better-matching of two
 * popularity draws), ratings come from latent factors + biases + noise cut at the quantiles
 * of the rating shares, so models have real signal to learn. No (user, item) repeats.
 */
export function syntheticDataset(options: SyntheticOptions = {}): Dataset {
  const users = options.users ?? 943;
  const items = options.items ?? 1682;
  const total = options.ratings ?? 100_000;
  const factors = options.factors ?? 8;
  const minPerUser = Math.min(options.minPerUser ?? 20, Math.floor(total / users));
  const cap = Math.max(1, Math.floor(items / 2));
  if (total > users * cap) throw new RangeError(`${total} ratings do not fit ${users} users x ${items} items at half density`);
  const rng = Rng.fromSeed(options.seed ?? 42);
  const userFactors = new Float32Array(users * factors);
  const itemFactors = new Float32Array(items * factors);
  const scale = 1 / Math.sqrt(factors);
  for (let k = 0; k < userFactors.length; k++) userFactors[k] = rng.normal(0, scale);
  for (let k = 0; k < itemFactors.length; k++) itemFactors[k] = rng.normal(0, scale);
  const itemDraw = new AliasTable(zipfCdf(items, options.popularitySkew ?? 1, rng));
  const userCdf = zipfCdf(users, options.activitySkew ?? 0.8, rng);
  const counts = ratingsPerUser(users, total, minPerUser, cap, userCdf, rng);
  const userBias = Float32Array.from({ length: users }, () => rng.normal(0, 0.3));
  const itemBias = Float32Array.from({ length: items }, () => rng.normal(0, 0.3));
  const affinity = (user: number, item: number): number => {
    let dot = 0;
    for (let f = 0; f < factors; f++) dot += userFactors[user * factors + f] * itemFactors[item * factors + f];
    return dot;
  };

  const userColumn = new Int32Array(total);
  const itemColumn = new Int32Array(total);
  const scores = new Float32Array(total);
  const times = new Float64Array(total);
  const [firstTime, lastTime] = options.timeRange ?? [874724710, 893286638];
  const takenBy = new Int32Array(items).fill(-1);
  let row = 0;
  for (let user = 0; user < users; user++) {
    const start = rng.uniform(firstTime, lastTime);
    const span = (lastTime - start) * rng.float();
    for (let k = 0; k < counts[user]; k++) {
      let item = -1;
      for (let attempt = 0; item < 0; attempt++) {
        const a = attempt < 8 ? itemDraw.draw(rng.float()) : rng.int(0, items - 1);
        const b = attempt < 8 ? itemDraw.draw(rng.float()) : a;
        const pick = affinity(user, a) >= affinity(user, b) ? a : b;
        if (takenBy[pick] !== user) item = pick;
      }
      takenBy[item] = user;
      userColumn[row] = user;
      itemColumn[row] = item;
      scores[row] = 3 * affinity(user, item) + userBias[user] + itemBias[item] + rng.normal(0, 0.5);
      times[row] = Math.floor(start + span * rng.float());
      row++;
    }
  }
  const ratings = ratingsFromScores(scores, options.ratingShares ?? ml100kShares);
  return {
    name: options.name ?? 'synthetic',
    userCount: users,
    itemCount: items,
    interactions: { users: userColumn, items: itemColumn, ratings, times },
    feedback: 'explicit',
    notes: [`synthetic: seed ${options.seed ?? 42}, ${factors} factors`],
  };
}

/** Cuts scores into ratings 1..n at the quantiles given by the cumulative shares. */
function ratingsFromScores(scores: Float32Array, shares: readonly number[]): Float32Array {
  // Quantiles from an even-strided sample of at most 2^20 scores keep large datasets fast.
  const stride = Math.max(1, Math.floor(scores.length / (1 << 20)));
  const sorted = new Float32Array(Math.floor(scores.length / stride));
  for (let k = 0; k < sorted.length; k++) sorted[k] = scores[k * stride];
  sorted.sort();
  const sum = shares.reduce((a, b) => a + b, 0);
  const cuts: number[] = [];
  let cumulative = 0;
  for (let level = 0; level < shares.length - 1; level++) {
    cumulative += shares[level] / sum;
    cuts.push(sorted[Math.min(sorted.length - 1, Math.floor(cumulative * sorted.length))]);
  }
  const ratings = new Float32Array(scores.length);
  for (let row = 0; row < scores.length; row++) {
    let level = 0;
    while (level < cuts.length && scores[row] >= cuts[level]) level++;
    ratings[row] = level + 1;
  }
  return ratings;
}
