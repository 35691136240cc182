import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@recsearch/core';
import { buildRunReport, throughputOf } from './build-report';
import { outcomeOf } from './run-digest';
import { RunFixture } from './run-fixture';
import { ReportError } from './run-folder';

function twoPhaseRun(): string {
  return new RunFixture({ name: 'hand', seed: 7 })
    .event('run.started', { name: 'hand', seed: 7, strategy: 'reinforce', evaluators: ['judge'] })
    .candidate('c0', 0, { pass: false, reward: -1, reason: 'zero gradient', stage: 'proxy-test' }, false)
    .candidate('c1', 1, { pass: true, reward: 0.2, metrics: { liveScore: 0.5 } }, true)
    .candidate('c2', 2, { pass: false, reward: 0.9, reason: 'same canonical key as c1', stage: 'proxy-test' }, false)
    .candidate('c3', 3, { pass: true, reward: 0.1 }, false)
    .candidate('c4', 4, { pass: true, reward: 0.5 }, true)
    .event('phase.finished', { index: 0, name: 'search', summary: {} })
    .event('phase.started', { index: 1, name: 'effectiveness-test', candidates: 1 })
    .event('candidate.proposed', { candidate: { kind: 'expression', expression: '(yhat - y)^2', id: 'p1-c0', index: 0 } }, 0)
    .event('training.epoch', { epoch: 0, loss: 0.3, validation: 0.7, best: 0.7, bestEpoch: 0, seconds: 1, metric: 'auc' })
    .event('training.epoch', { epoch: 1, loss: 0.2, validation: 0.75, best: 0.75, bestEpoch: 1, seconds: 1, metric: 'auc' })
    .event('training.finished', { epochs: 2, bestEpoch: 1, stopReason: 'stale', test: { auc: 0.74 } })
    .candidate('p1-c0', 0, { pass: true, reward: 0.75, stage: 'effectiveness-test' }, true, '(yhat - y)^2')
    .event('phase.finished', { index: 1, name: 'effectiveness-test', summary: {} })
    .event('run.finished', { summary: {} })
    .write(true);
}

describe('buildRunReport on a hand-written log', () => {
  const dir = twoPhaseRun();
  const report = buildRunReport(dir);

  it('reads every candidate with its reward, acceptance and best-so-far within its phase', () => {
    expect(report.candidates.map((point) => [point.n, point.phase, point.id, point.reward, point.pass, point.bestSoFar])).toEqual([
      [1, 0, 'c0', -1, false, null],
      [2, 0, 'c1', 0.2, true, 0.2],
      [3, 0, 'c2', 0.9, false, 0.2],
      [4, 0, 'c3', 0.1, true, 0.2],
      [5, 0, 'c4', 0.5, true, 0.5],
      [6, 1, 'p1-c0', 0.75, true, 0.75],
    ]);
    expect(report.candidates.map((point) => point.seconds)).toEqual([1, 2, 3, 4, 5, 11]);
    expect(report.candidates[1].liveScore).toBe(0.5);
    expect(report.candidates[0]).toMatchObject({ stage: 'proxy-test', reason: 'zero gradient' });
  });

  it('splits the run into its phases and counts verdicts per stage and outcome', () => {
    expect(report.phases).toEqual([
      { index: 0, name: 'search', candidates: 5, passed: 3, bestReward: 0.5, bestCandidate: 'c4', seconds: 6 },
      { index: 1, name: 'effectiveness-test', candidates: 1, passed: 1, bestReward: 0.75, bestCandidate: 'p1-c0', seconds: 5 },
    ]);
    expect(report.outcomes).toEqual([
      { phase: 0, stage: 'proxy-test', outcome: 'zero gradient', count: 1 },
      { phase: 0, stage: 'judge', outcome: 'passed', count: 3 },
      { phase: 0, stage: 'proxy-test', outcome: 'same canonical key', count: 1 },
      { phase: 1, stage: 'effectiveness-test', outcome: 'passed', count: 1 },
    ]);
  });

  it('labels a training with the loss it trained and keeps its epochs', () => {
    expect(report.training).toEqual([
      { label: 'MSE (p1-c0)', metric: 'auc', bestEpoch: 1, stopReason: 'stale', epochs: [{ epoch: 0, loss: 0.3, validation: 0.7 }, { epoch: 1, loss: 0.2, validation: 0.75 }] },
    ]);
    expect(report.losses.map((loss) => [loss.candidate, loss.baseline, loss.latex])).toEqual([['p1-c0', 'MSE', '{\\left(\\hat{y} - y\\right)}^{2}']]);
    expect(report.name).toBe('hand');
    expect(report.strategy).toBe('reinforce');
    expect(report.status).toBe('running or crashed');
  });

  it('skips a torn last line without repairing the log (the run store repairs on resume)', () => {
    expect(readFileSync(join(dir, 'events.jsonl'), 'utf8').endsWith('{"type":"candidate.prop')).toBe(true);
  });

  it('refuses a folder that is not a run', () => {
    expect(() => buildRunReport(join(dir, 'nowhere'))).toThrow(ReportError);
    expect(() => buildRunReport(join(dir, 'nowhere'))).toThrow(/is not a run folder: it has no config.resolved.json/);
  });
});

describe('the timeline equals the event log (seeded random runs)', () => {
  it.each([1, 2, 3, 4, 5])('seed %i: rewards, passes, isBest and the running best match the logged events', (seed) => {
    const rng = Rng.fromSeed(seed);
    const fixture = new RunFixture({ name: 'random', seed }).event('run.started', { name: 'random', seed, strategy: 'random', evaluators: [] });
    const logged: Array<{ reward: number; pass: boolean; isBest: boolean }> = [];
    let best = -Infinity;
    const count = rng.int(1, 200);
    for (let i = 0; i < count; i++) {
      const pass = rng.float() < 0.6;
      const reward = Math.round(rng.normal() * 1000) / 100;
      const isBest = pass && reward > best;
      if (isBest) best = reward;
      logged.push({ reward, pass, isBest });
      fixture.candidate(`c${i}`, i, { pass, reward }, isBest);
    }
    const report = buildRunReport(fixture.write());
    expect(report.candidates.map(({ reward, pass, isBest }) => ({ reward, pass, isBest }))).toEqual(logged);
    report.candidates.forEach((point, i) => {
      const passing = logged.slice(0, i + 1).filter((entry) => entry.pass).map((entry) => entry.reward);
      expect(point.bestSoFar).toBe(passing.length ? Math.max(...passing) : null);
      expect(point.isBest).toBe(point.pass && point.bestSoFar === point.reward && (i === 0 || report.candidates[i - 1].bestSoFar !== point.bestSoFar));
    });
    const bins = report.throughput;
    expect(bins.reduce((sum, bin) => sum + bin.candidatesPerSecond * (bins.length > 1 ? bins[1].seconds : 1), 0)).toBeCloseTo(count, 9);
  });
});

describe('throughputOf and outcomeOf', () => {
  it('counts candidates per second in equal bins', () => {
    const at = (seconds: number) => ({ seconds }) as never;
    expect(throughputOf([at(0), at(0.5), at(1), at(4)], 2)).toEqual([
      { seconds: 0, candidatesPerSecond: 1.5 },
      { seconds: 2, candidatesPerSecond: 0.5 },
    ]);
    expect(throughputOf([])).toEqual([]);
  });

  it('drops the candidate a reason names', () => {
    expect(outcomeOf({ pass: false, reason: 'same canonical key as c25' })).toBe('same canonical key');
    expect(outcomeOf({ pass: false, reason: 'gradient duplicate of p2-c3' })).toBe('gradient duplicate');
    expect(outcomeOf({ pass: true, reason: 'anything' })).toBe('passed');
    expect(outcomeOf({ pass: false })).toBe('failed');
  });
});
