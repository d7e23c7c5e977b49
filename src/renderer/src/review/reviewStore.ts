/**
 * The review panel's state: which node's queue (or report) is open for which run, the queue's items, the
 * one shown, and the per-node reports of the runs seen. Decisions go through `reviews.decide`; the queue is
 * refreshed from the reply so the counter and the node's badge follow at once. A node mapped over samples has
 * one queue entry per sample of an item: entries are keyed by item and sample (`entryKey`).
 */
import { create } from "zustand";
import type { NodeReport, ReviewDecisionRequest, ReviewQueue, ReviewQueueItem } from "../../../shared/contract";
import { getClient } from "../api/client";

export type ReviewTab = "queue" | "report";

interface ReviewState {
  /** The open panel: a node of a run, on the queue or the report tab. */
  open: { runId: string; nodeId: string; tab: ReviewTab } | null;
  /** The queue's description and order (ids and states of every item); items are loaded page by page. */
  queue: ReviewQueue | null;
  /** Loaded items with their inputs, by `entryKey`. */
  loaded: Record<string, ReviewQueueItem>;
  /** Position in queue.order of the item shown. */
  index: number;
  loading: boolean;
  error: string | null;
  /** Per run: reports of its filter, review and judge nodes (null while loading). */
  reports: Record<string, NodeReport[] | null>;
  /**
   * Items still waiting, per "runId/nodeId", as last known from the queue (badges prefer it to run counts). Items,
   * not queue entries: an item mapped over samples waits while any of its samples does, as the run counts it.
   */
  waiting: Record<string, number>;
  /** Opens a node's panel; only a review node (`review`) has a queue, any reported node a report. */
  openNode(runId: string, nodeId: string, tab?: ReviewTab, review?: boolean): Promise<void>;
  setTab(tab: ReviewTab): void;
  close(): void;
  go(delta: number): void;
  decide(decision: Omit<ReviewDecisionRequest, "runId" | "nodeId" | "itemId" | "sample">): Promise<void>;
  loadReports(runId: string, force?: boolean): Promise<void>;
}

const key = (runId: string, nodeId: string) => `${runId}/${nodeId}`;
export const PAGE = 100;
const loading = new Set<string>();

/** A queue entry's key: the item id, and the sample number when the node is mapped over samples. */
export function entryKey(e: { itemId: string; sample?: number }): string {
  return e.sample === undefined ? e.itemId : `${e.itemId}\u0000${e.sample}`;
}

/** The item shown, once its page is loaded. */
export function shownItem(s: Pick<ReviewState, "queue" | "loaded" | "index">): ReviewQueueItem | undefined {
  const entry = s.queue?.order[s.index];
  return entry === undefined ? undefined : s.loaded[entryKey(entry)];
}

/** Distinct items with a queue entry still waiting. */
export function waitingItems(order: ReviewQueue["order"]): number {
  return new Set(order.filter((i) => i.state === "waiting").map((i) => i.itemId)).size;
}

function byId(items: ReviewQueueItem[]): Record<string, ReviewQueueItem> {
  return Object.fromEntries(items.map((i) => [entryKey(i), i]));
}

export const useReview = create<ReviewState>()((set, get) => ({
  open: null,
  queue: null,
  loaded: {},
  index: 0,
  loading: false,
  error: null,
  reports: {},
  waiting: {},

  async openNode(runId, nodeId, tab = "queue", review = true) {
    set({ open: { runId, nodeId, tab: review ? tab : "report" }, loading: review, error: null, queue: null, loaded: {}, index: 0 });
    void get().loadReports(runId, true);
    if (!review) return;
    try {
      const queue = await getClient().call("reviews.queue", { runId, nodeId, offset: 0, limit: PAGE });
      if (get().open?.runId !== runId || get().open?.nodeId !== nodeId) return;
      const first = queue.order.findIndex((i) => i.state === "waiting");
      set((s) => ({ queue, loaded: byId(queue.items), loading: false, waiting: { ...s.waiting, [key(runId, nodeId)]: waitingItems(queue.order) } }));
      get().go(Math.max(0, first));
    } catch (e) {
      set({ loading: false, error: (e as Error).message });
    }
  },
  setTab: (tab) => set((s) => (s.open ? { open: { ...s.open, tab } } : {})),
  close: () => set({ open: null, queue: null, loaded: {}, error: null }),
  go(delta) {
    const { queue, index, open } = get();
    if (!queue || !open || queue.order.length === 0) return;
    const next = Math.min(queue.order.length - 1, Math.max(0, index + delta));
    set({ index: next });
    // Load the page holding the item when it is not loaded yet.
    if (get().loaded[entryKey(queue.order[next])]) return;
    const offset = Math.floor(next / PAGE) * PAGE;
    const k = `${open.runId}/${open.nodeId}/${offset}`;
    if (loading.has(k)) return;
    loading.add(k);
    void getClient()
      .call("reviews.queue", { runId: open.runId, nodeId: open.nodeId, offset, limit: PAGE })
      .then((page) => {
        if (get().open?.runId !== open.runId || get().open?.nodeId !== open.nodeId) return;
        set((s) => ({ loaded: { ...s.loaded, ...byId(page.items) } }));
      })
      .catch((e: Error) => set({ error: e.message }))
      .finally(() => loading.delete(k));
  },
  async decide(decision) {
    const { open, queue, index } = get();
    const item = shownItem(get());
    if (!open || !queue || !item) return;
    try {
      const sample = item.sample !== undefined ? { sample: item.sample } : {};
      const updated = await getClient().call("reviews.decide", { runId: open.runId, nodeId: open.nodeId, itemId: item.itemId, ...sample, ...decision });
      const k = entryKey(updated);
      const order = queue.order.map((i) => (entryKey(i) === k ? { ...i, state: updated.state } : i));
      const waiting = order.filter((i) => i.state === "waiting").length;
      // Move on to the next item still waiting (after this one, then from the start); else one step on.
      const after = order.findIndex((i, k) => k > index && i.state === "waiting");
      const next = after >= 0 ? after : order.findIndex((i) => i.state === "waiting");
      set((s) => ({
        queue: { ...queue, order, waiting },
        loaded: { ...s.loaded, [k]: updated },
        error: null,
        waiting: { ...s.waiting, [key(open.runId, open.nodeId)]: waitingItems(order) },
      }));
      get().go((next >= 0 ? next : Math.min(index + 1, order.length - 1)) - index);
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  async loadReports(runId, force = false) {
    if (!force && runId in get().reports) return;
    set((s) => ({ reports: { ...s.reports, [runId]: s.reports[runId] ?? null } }));
    try {
      const reports = await getClient().call("runs.reports", { runId });
      set((s) => ({ reports: { ...s.reports, [runId]: reports } }));
    } catch {
      set((s) => ({ reports: { ...s.reports, [runId]: [] } }));
    }
  },
}));

export function waitingKey(runId: string, nodeId: string): string {
  return key(runId, nodeId);
}
