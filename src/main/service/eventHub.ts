/** Subscribers of service events ("run-event"); carriers forward them to their windows or sockets. */
import type { ApiEvents, EventName } from "../../shared/contract";

export type Listener<E extends EventName> = (payload: ApiEvents[E]) => void;

export class EventHub {
  private listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        // One broken subscriber (e.g. a closed socket) must not stop the others or the run.
      }
    }
  }
}
