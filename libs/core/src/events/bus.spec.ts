import { toArray } from 'rxjs';
import { EventBus } from './bus';
import { ofType } from './of-type';
import { candidateProposed, runFinished, runStarted, strategyTold, subscriberFailed } from './run-events';
import type { RecsearchEvent } from './event';

const started = runStarted({ name: 'n', seed: 1, strategy: 's', evaluators: [] });

describe('EventBus', () => {
  it('numbers events 1, 2, 3 … and stamps run id and time', () => {
    const bus = new EventBus({ runId: 'run-1', now: () => new Date('2026-01-02T03:04:05Z') });
    const seen: RecsearchEvent[] = [];
    bus.on('test', (event) => seen.push(event));
    bus.emit(started);
    bus.emit(strategyTold({ step: 1, count: 2 }));
    expect(seen.map((event) => [event.type, event.seq, event.runId, event.time])).toEqual([
      ['run.started', 1, 'run-1', '2026-01-02T03:04:05.000Z'],
      ['strategy.told', 2, 'run-1', '2026-01-02T03:04:05.000Z'],
    ]);
  });

  it('continues numbering after lastSeq when resuming', () => {
    const bus = new EventBus({ runId: 'r', lastSeq: 41 });
    expect(bus.emit(started).seq).toBe(42);
  });

  it('filters and narrows with ofType, by factory or by name', () => {
    const bus = new EventBus({ runId: 'r' });
    const steps: number[] = [];
    const names: string[] = [];
    bus.on('steps', ofType(strategyTold), (event) => steps.push(event.payload.step));
    bus.on('names', ofType('run.started', runFinished), (event) => names.push(event.type));
    bus.emit(started);
    bus.emit(strategyTold({ step: 3, count: 1 }));
    bus.emit(candidateProposed({ candidate: { kind: 'params', params: {}, id: 'c0', index: 0 } }));
    expect(steps).toEqual([3]);
    expect(names).toEqual(['run.started']);
  });

  it('reports a throwing subscriber as an event, and everyone else still gets every event', () => {
    const bus = new EventBus({ runId: 'r' });
    const seen: string[] = [];
    const failures: unknown[] = [];
    bus.on('broken', ofType(strategyTold), () => {
      throw new Error('disk full');
    });
    bus.on('watcher', (event) => seen.push(event.type));
    bus.on('failures', ofType(subscriberFailed), (event) => failures.push(event.payload));
    expect(() => bus.emit(strategyTold({ step: 1, count: 1 }))).not.toThrow();
    bus.emit(strategyTold({ step: 2, count: 1 }));
    expect(seen).toEqual(['strategy.told', 'bus.subscriber-failed', 'strategy.told', 'bus.subscriber-failed']);
    expect(failures).toEqual([
      { subscriber: 'broken', eventType: 'strategy.told', eventSeq: 1, message: 'disk full' },
      { subscriber: 'broken', eventType: 'strategy.told', eventSeq: 3, message: 'disk full' },
    ]);
  });

  it('does not loop when the failure handler itself throws', () => {
    const bus = new EventBus({ runId: 'r' });
    bus.on('always-broken', () => {
      throw new Error('boom');
    });
    bus.emit(started);
    expect(bus.lastSeq).toBe(2);
  });

  it('delivers events emitted by a subscriber after the current one, in the same order to everyone', () => {
    const bus = new EventBus({ runId: 'r' });
    const first: number[] = [];
    const second: number[] = [];
    bus.on('echo', ofType(runStarted), () => bus.emit(strategyTold({ step: 9, count: 0 })));
    bus.on('first', (event) => first.push(event.seq));
    bus.on('second', (event) => second.push(event.seq));
    bus.emit(started);
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([1, 2]);
  });

  it('announces after a given event, or at once if it has passed', () => {
    const bus = new EventBus({ runId: 'r' });
    const types: string[] = [];
    bus.on('types', (event) => types.push(`${event.seq}:${event.type}`));
    bus.announceAfter(2, runFinished({ summary: null as never }));
    bus.emit(started);
    bus.emit(strategyTold({ step: 1, count: 1 }));
    bus.emit(strategyTold({ step: 2, count: 1 }));
    bus.announceAfter(1, strategyTold({ step: 7, count: 0 }));
    expect(types).toEqual(['1:run.started', '2:strategy.told', '3:run.finished', '4:strategy.told', '5:strategy.told']);
  });

  it('completes its observable stream', async () => {
    const bus = new EventBus({ runId: 'r' });
    const all = new Promise<RecsearchEvent[]>((resolve) => bus.events$.pipe(toArray()).subscribe(resolve));
    bus.emit(started);
    bus.complete();
    expect((await all).map((event) => event.type)).toEqual(['run.started']);
  });
});
