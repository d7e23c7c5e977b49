/**
 * The review panel's state: which node's queue (or report) is open for which run, the queue's items, the
 * one shown, and the per-node reports of the runs seen. Decisions go through `reviews.decide`; the queue is
 * refreshed from the reply so the counter and the node's badge follow at once.
 */
import { create } from "zustand";
import type { NodeReport, ReviewDecisionRequest, ReviewQueue } from "../../../shared/contract";
import { getClient } from "../api/client";

export type ReviewTab = "queue" | "report";

interface ReviewState {
  /** The open panel: a node of a run, on the queue or the report tab. */
  open: { runId: string; nodeId: string; tab: ReviewTab } | null;
  queue: ReviewQueue | null;
  index: number;
  loading: boolean;
  error: string | null;
  /** Per run: reports of its filter, review and judge nodes (null while loading). */
  reports: Record<string, NodeReport[] | null>;
  /** Items still waiting, per "runId/nodeId", as last known from the queue (badges prefer it to run counts). */
  waiting: Record<string, number>;
  /** Opens a node's panel; only a review node (`review`) has a queue, any reported node a report. */
  openNode(runId: string, nodeId: string, tab?: ReviewTab, review?: boolean): Promise<void>;
  setTab(tab: ReviewTab): void;
  close(): void;
  go(delta: number): void;
  decide(decision: Omit<ReviewDecisionRequest, "runId" | "nodeId" | "itemId">): Promise<void>;
  loadReports(runId: string, force?: boolean): Promise<void>;
}

const key = (runId: string, nodeId: string) => `${runId}/${nodeId}`;

export const useReview = create<ReviewState>()((set, get) => ({
  open: null,
  queue: null,
  index: 0,
  loading: false,
  error: null,
  reports: {},
  waiting: {},

  async openNode(runId, nodeId, tab = "queue", review = true) {
    set({ open: { runId, nodeId, tab: review ? tab : "report" }, loading: review, error: null, queue: null, index: 0 });
    void get().loadReports(runId, true);
    if (!review) return;
    try {
      const queue = await getClient().call("reviews.queue", { runId, nodeId });
      if (get().open?.runId !== runId || get().open?.nodeId !== nodeId) return;
      const first = queue.items.findIndex((i) => i.state === "waiting");
      set((s) => ({ queue, index: Math.max(0, first), loading: false, waiting: { ...s.waiting, [key(runId, nodeId)]: queue.waiting } }));
    } catch (e) {
      set({ loading: false, error: (e as Error).message });
    }
  },
  setTab: (tab) => set((s) => (s.open ? { open: { ...s.open, tab } } : {})),
  close: () => set({ open: null, queue: null, error: null }),
  go(delta) {
    const { queue, index } = get();
    if (!queue || queue.items.length === 0) return;
    set({ index: Math.min(queue.items.length - 1, Math.max(0, index + delta)) });
  },
  async decide(decision) {
    const { open, queue, index } = get();
    const item = queue?.items[index];
    if (!open || !queue || !item) return;
    try {
      const updated = await getClient().call("reviews.decide", { runId: open.runId, nodeId: open.nodeId, itemId: item.itemId, ...decision });
      const items = queue.items.map((i) => (i.itemId === updated.itemId ? updated : i));
      const waiting = items.filter((i) => i.state === "waiting").length;
      // Move on to the next item still waiting (after this one, then from the start); stay when none is left.
      const after = items.findIndex((i, k) => k > index && i.state === "waiting");
      const next = after >= 0 ? after : items.findIndex((i) => i.state === "waiting");
      set((s) => ({
        queue: { ...queue, items, waiting },
        index: next >= 0 ? next : Math.min(index + 1, items.length - 1),
        error: null,
        waiting: { ...s.waiting, [key(open.runId, open.nodeId)]: waiting },
      }));
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
