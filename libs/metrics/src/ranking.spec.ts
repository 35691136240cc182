import { Rng } from '@recsearch/core';
import { ahead, evaluateRanking, topK, type UserItemLists } from './ranking';
import { groupedRankingMetric } from './ranking-metrics';

function lists(perUser: number[][]): UserItemLists {
  const offsets = new Int32Array(perUser.length + 1);
  perUser.forEach((items, user) => (offsets[user + 1] = offsets[user] + items.length));
  return { offsets, items: Int32Array.from(perUser.flat()) };
}

function fromTable(table: number[][]): (user: number, out: Float32Array) => void {
  return (user, out) => out.set(table[user]);
}

describe('evaluateRanking (full ranking)', () => {
  it('matches a hand-computed case', () => {
    // Items 0..5. User 0 trained on item 0 (excluded); held-out items 1 and 3.
    // Scores: item0 .99 (excluded), item2 .9, item1 .8, item4 .5, item3 .4, item5 .1
    // Ranking of candidates: 2, 1, 4, 3, 5 → held-out ranks 1 and 3.
    const report = evaluateRanking({
      itemCount: 6,
      heldOut: lists([[1, 3]]),
      exclude: [lists([[0]])],
      score: fromTable([[0.99, 0.8, 0.9, 0.4, 0.5, 0.1]]),
      ks: [1, 2, 4],
    });
    const idcg2 = 1 + 1 / Math.log2(3);
    expect(report.protocol).toBe('full-ranking');
    expect(report.users).toBe(1);
    const m = report.metrics;
    expect(m['ndcg@1']).toBe(0);
    expect(m['hr@1']).toBe(0);
    expect(m['ndcg@2']).toBeCloseTo(1 / Math.log2(3) / idcg2, 12);
    expect(m['recall@2']).toBe(0.5);
    expect(m['precision@2']).toBe(0.5);
    expect(m['hr@2']).toBe(1);
    expect(m['ndcg@4']).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(5)) / idcg2, 12);
    expect(m['recall@4']).toBe(1);
    expect(m['precision@4']).toBe(0.5);
    expect(m.mrr).toBe(0.5);
  });

  it('gives NDCG = recall = HR = MRR = 1 for a perfect ranking, and averages over users with held-out items', () => {
    const report = evaluateRanking({
      itemCount: 5,
      heldOut: lists([[4, 3], [], [0]]),
      exclude: [lists([[0], [1], [4]])],
      score: (user, out) => {
        for (let item = 0; item < 5; item++) out[item] = user === 2 ? -item : item;
      },
      ks: [2],
    });
    expect(report.users).toBe(2);
    expect(report.metrics).toEqual({ 'ndcg@2': 1, 'recall@2': 1, 'precision@2': 0.75, 'hr@2': 1, mrr: 1 });
  });

  it('breaks ties by item index and never ranks excluded items', () => {
    const constant = () => (_user: number, out: Float32Array) => out.fill(0.5);
    const report = evaluateRanking({
      itemCount: 4,
      heldOut: lists([[2]]),
      exclude: [lists([[0]]), lists([[1]])],
      score: constant(),
      ks: [1],
    });
    expect(report.metrics['hr@1']).toBe(1);
    expect(report.metrics.mrr).toBe(1);
  });

  it('equals a brute-force sort of all candidates on random data (with ties), and per-user values average to the report', () => {
    const rng = Rng.fromSeed(4);
    const users = 30;
    const itemCount = 60;
    const train: number[][] = [];
    const heldOut: number[][] = [];
    const table: number[][] = [];
    for (let user = 0; user < users; user++) {
      const order = rng.shuffle(Array.from({ length: itemCount }, (_, item) => item));
      train.push(order.slice(0, rng.int(0, 20)));
      heldOut.push(order.slice(20, 20 + rng.int(0, 6)));
      table.push(Array.from({ length: itemCount }, () => Math.round(rng.float() * 8) / 8));
    }
    const ks = [1, 5, 10];
    const report = evaluateRanking({ itemCount, heldOut: lists(heldOut), exclude: [lists(train)], score: fromTable(table), ks, perUser: true });
    const sums: Record<string, number> = {};
    let evaluated = 0;
    for (let user = 0; user < users; user++) {
      if (heldOut[user].length === 0) continue;
      evaluated++;
      const excluded = new Set(train[user]);
      const ranked = Array.from({ length: itemCount }, (_, item) => item)
        .filter((item) => !excluded.has(item))
        .sort((a, b) => (ahead(table[user][a], a, table[user][b], b) ? -1 : 1));
      const relevant = new Set(heldOut[user]);
      const add = (name: string, value: number) => (sums[name] = (sums[name] ?? 0) + value);
      for (const k of ks) {
        const top = ranked.slice(0, k);
        const hits = top.filter((item) => relevant.has(item)).length;
        const dcg = top.reduce((sum, item, rank) => sum + (relevant.has(item) ? 1 / Math.log2(rank + 2) : 0), 0);
        let idcg = 0;
        for (let rank = 0; rank < Math.min(k, relevant.size); rank++) idcg += 1 / Math.log2(rank + 2);
        add(`ndcg@${k}`, dcg / idcg);
        add(`recall@${k}`, hits / relevant.size);
        add(`precision@${k}`, hits / k);
        add(`hr@${k}`, hits > 0 ? 1 : 0);
      }
      add('mrr', 1 / (ranked.findIndex((item) => relevant.has(item)) + 1));
    }
    expect(report.users).toBe(evaluated);
    for (const [name, sum] of Object.entries(sums)) {
      expect(report.metrics[name]).toBeCloseTo(sum / evaluated, 12);
      const perUser = report.perUser?.[name] ?? new Float64Array(0);
      expect(perUser.reduce((a, b) => a + b, 0) / perUser.length).toBeCloseTo(report.metrics[name], 12);
    }
    expect(report.evaluatedUsers?.length).toBe(evaluated);
  });
});

describe('evaluateRanking with sampled negatives (on request)', () => {
  it('labels its metrics, and equals full ranking when the sample covers every candidate', () => {
    const heldOut = lists([[1, 3]]);
    const exclude = [lists([[0]])];
    const score = fromTable([[0.99, 0.8, 0.9, 0.4, 0.5, 0.1]]);
    const full = evaluateRanking({ itemCount: 6, heldOut, exclude, score, ks: [2] });
    const sampled = evaluateRanking({ itemCount: 6, heldOut, exclude, score, ks: [2], sampledNegatives: { count: 100, rng: Rng.fromSeed(1) } });
    expect(sampled.protocol).toBe('sampled-100');
    expect(Object.keys(sampled.metrics)).toContain('ndcg@2(sampled-100)');
    for (const name of Object.keys(full.metrics)) expect(sampled.metrics[`${name}(sampled-100)`]).toBeCloseTo(full.metrics[name], 12);
  });

  it('with one sampled negative ranks each held-out item against that one only', () => {
    const report = evaluateRanking({
      itemCount: 6,
      heldOut: lists([[5]]),
      exclude: [lists([[0]])],
      score: fromTable([[0.9, 0.8, 0.7, 0.6, 0.5, 0.1]]),
      ks: [1],
      sampledNegatives: { count: 1, rng: Rng.fromSeed(2) },
    });
    expect(report.metrics['hr@1(sampled-1)']).toBe(0);
    expect(report.metrics['mrr(sampled-1)']).toBe(0.5);
  });
});

describe('topK', () => {
  it('returns the best k items, best first, ties by index, skipping excluded ones', () => {
    const scores = Float32Array.from([0.3, 0.9, 0.1, 0.9, 0.5, 0.7]);
    expect(Array.from(topK(scores, 3))).toEqual([1, 3, 5]);
    expect(Array.from(topK(scores, 3, (item) => item === 3))).toEqual([1, 5, 4]);
    expect(Array.from(topK(scores, 10))).toEqual([1, 3, 5, 4, 0, 2]);
    const rng = Rng.fromSeed(5);
    const random = Float32Array.from({ length: 500 }, () => Math.round(rng.float() * 50));
    const sorted = Array.from({ length: 500 }, (_, item) => item).sort((a, b) => random[b] - random[a] || a - b);
    expect(Array.from(topK(random, 20))).toEqual(sorted.slice(0, 20));
  });
});

describe('groupedRankingMetric (given candidates)', () => {
  it('ranks each user’s own rows and is labelled as not full ranking', () => {
    const ndcg = groupedRankingMetric('ndcg', 2);
    expect(ndcg.name).toBe('ndcg@2(given-candidates)');
    const set = {
      scores: Float32Array.from([0.9, 0.2, 0.5, 0.1, 0.8]),
      labels: Float32Array.from([0, 1, 1, 0, 1]),
      groups: Int32Array.from([0, 0, 0, 1, 1]),
    };
    // user 0: order .9(0) .5(1) .2(1) → relevant ranks 1, 2; user 1: .8(1) .1(0) → rank 0
    const idcg2 = 1 + 1 / Math.log2(3);
    expect(ndcg.compute(set)).toBeCloseTo((1 / Math.log2(3) / idcg2 + 1) / 2, 12);
    expect(groupedRankingMetric('mrr').compute(set)).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(groupedRankingMetric('recall', 2).compute(set)).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(() => ndcg.compute({ scores: set.scores, labels: set.labels })).toThrow(RangeError);
  });
});
