/**
 * The payload of every event, by type. Packages that emit their own events add to it by
 * declaration merging (`declare module '@recsearch/core' { interface EventPayloads { ... } }`),
 * so the union below stays discriminated and `ofType` narrows to the right payload.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
export interface EventPayloads {}

export type EventType = keyof EventPayloads;

export interface BusEvent<K extends EventType = EventType> {
  type: K;
  runId: string;
  /** Position in the run's event log: 1, 2, 3, … with no gaps, continued across resumes. */
  seq: number;
  /** ISO-8601 wall-clock time of emission. */
  time: string;
  payload: EventPayloads[K];
}

/** The discriminated union of every known event. */
export type RecsearchEvent = { [K in EventType]: BusEvent<K> }[EventType];

/** What a factory makes and the bus stamps with run id, sequence number and time. */
export interface EventDraft<K extends EventType = EventType> {
  type: K;
  payload: EventPayloads[K];
}

export interface EventFactory<K extends EventType> {
  (payload: EventPayloads[K]): EventDraft<K>;
  readonly type: K;
}

export function defineEvent<K extends EventType>(type: K): EventFactory<K> {
  const factory = (payload: EventPayloads[K]): EventDraft<K> => ({ type, payload });
  return Object.assign(factory, { type });
}
