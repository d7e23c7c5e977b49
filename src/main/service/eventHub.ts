/**
 * Subscribers of service events. Carriers forward the page-facing ones (ApiEvents: "run-batch",
 * "pipeline-saved") to their windows or sockets; "run-event" is every event of the engine, one by one, for
 * the Node side only (the batcher folds it into "run-batch").
 */
import type { ApiEvents } from "../../shared/contract";
import type { RunEvent } from "../../shared/events";

export interface ServiceEvents extends ApiEvents {
  "run-event": RunEvent;
}
export type EventName = keyof ServiceEvents;
export type Listener<E extends EventName> = (payload: ServiceEvents[E]) => void;

export class EventHub {
  private listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  emit<E extends EventName>(event: E, payload: ServiceEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        // One broken subscriber (e.g. a closed socket) must not stop the others or the run.
      }
    }
  }
}
