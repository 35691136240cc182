import { Observable, Subject, type OperatorFunction, type Subscription } from 'rxjs';
import type { EventDraft, EventType, RecsearchEvent } from './event';
import { subscriberFailed } from './run-events';

export interface EventBusOptions {
  runId: string;
  /** The sequence number of the last event already emitted (when resuming); 0 for a new run. */
  lastSeq?: number;
  now?: () => Date;
}

/**
 * One ordered stream of the run's events. Emission is synchronous and re-entrant-safe: an
 * event emitted by a subscriber is delivered after the current one has reached everyone, so
 * every subscriber sees the same order. A subscriber that throws is reported as a
 * `bus.subscriber-failed` event; it never breaks the stream or the emitter.
 */
export class EventBus {
  readonly runId: string;
  private readonly subject = new Subject<RecsearchEvent>();
  private readonly queue: RecsearchEvent[] = [];
  private draining = false;
  private seq: number;
  private readonly now: () => Date;
  private pendingResume?: { afterSeq: number; draft: EventDraft };

  constructor(options: EventBusOptions) {
    this.runId = options.runId;
    this.seq = options.lastSeq ?? 0;
    this.now = options.now ?? (() => new Date());
  }

  get events$(): Observable<RecsearchEvent> {
    return this.subject.asObservable();
  }

  get lastSeq(): number {
    return this.seq;
  }

  emit<K extends EventType>(draft: EventDraft<K>): RecsearchEvent {
    const event = { ...draft, runId: this.runId, seq: ++this.seq, time: this.now().toISOString() } as RecsearchEvent;
    this.queue.push(event);
    if (this.pendingResume && event.seq >= this.pendingResume.afterSeq) {
      const { draft: resumed } = this.pendingResume;
      this.pendingResume = undefined;
      this.queue.push({ ...resumed, runId: this.runId, seq: ++this.seq, time: this.now().toISOString() } as RecsearchEvent);
    }
    if (!this.draining) this.drain();
    return event;
  }

  /**
   * For a resumed run: emits `draft` right after the event numbered `afterSeq`, i.e. where the
   * replay from the checkpoint catches up with the log, or at once if it already has.
   */
  announceAfter(afterSeq: number, draft: EventDraft): void {
    if (this.seq >= afterSeq) this.emit(draft);
    else this.pendingResume = { afterSeq, draft };
  }

  /**
   * Subscribes a named handler to every event, or to those an operator keeps
   * (`bus.on('store', ofType(runFinished), handler)`). A handler that throws is reported as a
   * `bus.subscriber-failed` event; the stream and the emitter go on.
   */
  on(subscriber: string, handler: (event: RecsearchEvent) => void): Subscription;
  on<T>(subscriber: string, select: OperatorFunction<RecsearchEvent, T>, handler: (event: T) => void): Subscription;
  on<T>(
    subscriber: string,
    selectOrHandler: OperatorFunction<RecsearchEvent, T> | ((event: RecsearchEvent) => void),
    handler?: (event: T) => void,
  ): Subscription {
    const select = handler ? (selectOrHandler as OperatorFunction<RecsearchEvent, T>) : undefined;
    const handle = (handler ?? selectOrHandler) as (event: T) => void;
    const events = select ? this.events$.pipe(select) : (this.events$ as unknown as Observable<T>);
    return events.subscribe((event) => {
      try {
        handle(event);
      } catch (error) {
        this.reportFailure(subscriber, event as unknown as RecsearchEvent, error);
      }
    });
  }

  complete(): void {
    this.subject.complete();
  }

  private drain(): void {
    this.draining = true;
    try {
      for (let event = this.queue.shift(); event; event = this.queue.shift()) this.subject.next(event);
    } finally {
      this.draining = false;
    }
  }

  private reportFailure(subscriber: string, event: RecsearchEvent, error: unknown): void {
    // A subscriber failing on its own failure report must not loop forever.
    if (event.type === subscriberFailed.type && event.payload.subscriber === subscriber) return;
    const message = error instanceof Error ? error.message : String(error);
    this.emit(subscriberFailed({ subscriber, eventType: event.type, eventSeq: event.seq, message }));
  }
}
