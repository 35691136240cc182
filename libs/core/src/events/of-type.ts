import { filter, type OperatorFunction } from 'rxjs';
import type { EventType, RecsearchEvent } from './event';

/** The events of the given types, as a discriminated union. */
export type EventOf<K extends EventType> = Extract<RecsearchEvent, { type: K }>;

type Kind = EventType | { readonly type: EventType };
type TypeOf<F> = F extends EventType ? F : F extends { readonly type: infer K extends EventType } ? K : never;

/** Keeps the events of the given types (by factory or by type name), narrowing the payload. */
export function ofType<Kinds extends Kind[]>(
  ...kinds: Kinds
): OperatorFunction<RecsearchEvent, EventOf<TypeOf<Kinds[number]>>> {
  const wanted = new Set<string>(kinds.map((kind) => (typeof kind === 'string' ? kind : kind.type)));
  return filter((event): event is EventOf<TypeOf<Kinds[number]>> => wanted.has(event.type));
}
