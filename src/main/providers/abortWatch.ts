/**
 * Abort callbacks for the many short waits of a run on its one long-lived signal, through one listener per
 * signal instead of one per wait. Node's EventTarget keeps its listeners in a linked list, and a removed
 * listener keeps its own links (`next`, `previous`). On a run's signal, where every model call added and
 * removed a listener, one removed listener that V8 had moved to its old generation (a call that waited a
 * little longer) kept the next listener alive through that link until the next full collection, and with it
 * its closure (the call's whole state); that one, moved to the old generation in turn, kept the next, and so
 * on: from then on every call's objects were promoted, 3.7 KB a row in the Parquet RSS bench (200,000 rows,
 * `--trace-gc-nvp`), against 1.15 KB here. Here a removed entry lets go of its links and its callback. A Set
 * of callbacks would not do: a Set that takes and lets go of an entry per call leaves a table every few dozen
 * entries that still names its entries and points to the next table (V8 keeps that chain for iterators), the
 * same chain again (2.8 KB a row with one).
 */

/** One waiting callback, in a list whose removed entries let go of everything (their links and callback). */
interface Watch {
  fn: (() => void) | null;
  prev: Watch | null;
  next: Watch | null;
}

/** The callbacks of one signal: a list with a head sentinel. */
interface Watchers {
  head: Watch;
}

const watchers = new WeakMap<AbortSignal, Watchers>();

function fire(list: Watchers): void {
  const due: (() => void)[] = [];
  for (let w = list.head.next; w; ) {
    const next = w.next;
    if (w.fn) due.push(w.fn);
    w.fn = w.prev = w.next = null;
    w = next;
  }
  list.head.next = null;
  // In the order they began watching, as the signal's own listeners are called.
  for (const f of due.reverse()) {
    try {
      f();
    } catch (e) {
      queueMicrotask(() => {
        throw e;
      });
    }
  }
}

/**
 * Calls `fn` when `signal` aborts (not if it has aborted already, as addEventListener); the returned
 * function stops watching. A callback that throws is reported as an uncaught exception, the others still run.
 */
export function watchAbort(signal: AbortSignal, fn: () => void): () => void {
  let list = watchers.get(signal);
  if (!list) {
    const created: Watchers = { head: { fn: null, prev: null, next: null } };
    list = created;
    watchers.set(signal, created);
    signal.addEventListener("abort", () => fire(created), { once: true });
  }
  const head = list.head;
  const w: Watch = { fn, prev: head, next: head.next };
  if (head.next) head.next.prev = w;
  head.next = w;
  return () => {
    if (!w.fn) return;
    if (w.prev) w.prev.next = w.next;
    if (w.next) w.next.prev = w.prev;
    w.fn = w.prev = w.next = null;
  };
}
