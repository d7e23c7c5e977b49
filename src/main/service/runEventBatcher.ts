/**
 * Folds the engine's run events into batches for the pages (src/shared/runBatch.ts): a page gets at most one
 * message per run per interval (default 33 ms, about 30 a second), not one per item. Progress keeps only its
 * latest; item starts, token streams, done/cached/skipped items fold into one `items` entry (their counts are
 * in the progress). Every other event is kept, in order: an ordered event closes the stretch of coalesced
 * entries before it, so nothing coalesced after it is applied before it. `run-finished` sends its batch at once.
 */
import type { RunEvent } from "../../shared/events";
import { isCoalesced, ITEM_ACTIVITY_LIMIT, type BatchEvent, type CoalescedType, type ItemActivity, type ProgressEvent, type RunBatch } from "../../shared/runBatch";

export interface BatcherTimer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: BatcherTimer = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

interface Pending {
  events: BatchEvent[];
  /** The open stretch's progress and items entries (indexes into events), until an ordered event closes it. */
  progressAt: number | null;
  items: ItemActivity | null;
  streams: Map<string, { nodeId: string; itemId: string; text: string }>;
}

export class RunEventBatcher {
  private readonly pending = new Map<string, Pending>();
  private handle: unknown = null;

  constructor(
    private readonly send: (batch: RunBatch) => void,
    private readonly intervalMs = 33,
    private readonly timer: BatcherTimer = realTimer,
  ) {}

  push(e: RunEvent): void {
    let p = this.pending.get(e.runId);
    if (!p) this.pending.set(e.runId, (p = { events: [], progressAt: null, items: null, streams: new Map() }));
    if (e.type === "progress") this.addProgress(p, e);
    else if (isCoalesced(e)) this.addItem(p, e);
    else {
      p.events.push(e);
      p.progressAt = null;
      p.items = null;
      p.streams = new Map();
    }
    if (e.type === "run-finished") this.flushRun(e.runId);
    else if (this.handle === null) this.handle = this.timer.set(() => this.flush(), this.intervalMs);
  }

  /** Sends every pending batch now. */
  flush(): void {
    if (this.handle !== null) this.timer.clear(this.handle);
    this.handle = null;
    for (const runId of [...this.pending.keys()]) this.flushRun(runId);
  }

  private flushRun(runId: string): void {
    const p = this.pending.get(runId);
    if (!p) return;
    this.pending.delete(runId);
    if (p.events.length) this.send({ runId, events: p.events });
    if (this.pending.size === 0 && this.handle !== null) {
      this.timer.clear(this.handle);
      this.handle = null;
    }
  }

  private addProgress(p: Pending, e: ProgressEvent): void {
    if (p.progressAt === null) {
      p.progressAt = p.events.length;
      p.events.push(e);
    } else p.events[p.progressAt] = e;
  }

  private addItem(p: Pending, e: Exclude<Extract<RunEvent, { type: CoalescedType }>, ProgressEvent>): void {
    if (e.type !== "item-started" && e.type !== "item-token") return; // done/cached/skipped: counted in the progress
    if (!p.items) {
      p.items = { type: "items", runId: e.runId, started: [], streams: [] };
      p.events.push(p.items);
    }
    const items = p.items;
    if (e.type === "item-started") {
      const at = items.started.indexOf(e.itemId);
      if (at >= 0) items.started.splice(at, 1);
      items.started.push(e.itemId);
      if (items.started.length > ITEM_ACTIVITY_LIMIT) items.started.shift();
      return;
    }
    if (e.sample !== 0) return;
    const key = `${e.nodeId}\u0000${e.itemId}`;
    const stream = p.streams.get(key);
    if (stream) stream.text += e.text;
    else if (items.streams.length < ITEM_ACTIVITY_LIMIT) {
      const s = { nodeId: e.nodeId, itemId: e.itemId, text: e.text };
      p.streams.set(key, s);
      items.streams.push(s);
    }
  }
}
