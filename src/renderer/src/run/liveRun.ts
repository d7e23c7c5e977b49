/**
 * The live state of the run the UI follows, as a pure reducer over RunEvents (unit-tested): status, totals,
 * ETA, per-node counts and totals for the progress bars, and the streaming text of the focused item.
 */
import type { ExportedFile, Metric, NodeCounts, RunEvent, RunTotals } from "../../../shared/events";
import type { BatchEvent, ItemActivity } from "../../../shared/runBatch";

export interface StreamState {
  itemId: string;
  nodeId: string;
  /** Text streamed so far by the node being run for the focused item (sample 0 only). */
  text: string;
}

export interface LiveRun {
  runId: string;
  pipelineName: string;
  /** "interrupted": a past run whose process died before finishing it (only shown, never followed live). */
  status: "running" | "done" | "failed" | "cancelled" | "interrupted";
  items: number | null;
  startedAt: number;
  finishedAt?: number;
  totals: RunTotals | null;
  nodes: Record<string, NodeCounts>;
  /** Items each node is expected to process (from node-queued). */
  nodeItems: Record<string, number>;
  etaMs: number | null;
  error?: string;
  /** The item whose tokens stream into view; the first item started unless the user chose one. */
  focusItem: string | null;
  focusChosen: boolean;
  /** The focused item is not being worked on (its last node finished): an automatic focus moves on. */
  focusIdle: boolean;
  stream: StreamState | null;
  /** Item ids seen starting, most recent last (bounded), offered as focus choices. */
  recentItems: string[];
  /** Metrics by node (a score node's accuracy with its interval), once the node or the run finished. */
  metrics?: Record<string, Metric[]>;
  /** Files the run's export nodes wrote (absolute paths), read back when the run finished. */
  exports?: ExportedFile[];
  /** Provider batches of batch: true models, by batch id, as their last batch-state event said. */
  batches?: Record<string, BatchStatus>;
}

export type BatchStatus = Omit<Extract<RunEvent, { type: "batch-state" }>, "type" | "runId" | "batchId"> & { at: number };

export type { ExportedFile } from "../../../shared/events";

const RECENT = 50;

export function newLiveRun(runId: string, pipelineName = "", items: number | null = null, at = Date.now()): LiveRun {
  return { runId, pipelineName, status: "running", items, startedAt: at, totals: null, nodes: {}, nodeItems: {}, etaMs: null, focusItem: null, focusChosen: false, focusIdle: false, stream: null, recentItems: [] };
}

/** Applies one event; returns the same object when nothing the UI shows changed. */
export function applyRunEvent(state: LiveRun, e: RunEvent): LiveRun {
  if (e.runId !== state.runId) return state;
  switch (e.type) {
    case "run-started":
      return { ...state, pipelineName: e.pipelineName, items: e.items, startedAt: e.at };
    case "node-queued":
      return { ...state, nodeItems: { ...state.nodeItems, [e.nodeId]: e.items } };
    case "progress":
      return { ...state, totals: e.totals, nodes: e.nodes, etaMs: e.etaMs };
    case "node-done":
      return { ...state, nodes: { ...state.nodes, [e.nodeId]: e.counts }, ...(e.metrics.length ? { metrics: { ...state.metrics, [e.nodeId]: e.metrics } } : {}) };
    case "item-started": {
      let next = state;
      if (!state.recentItems.includes(e.itemId)) next = { ...next, recentItems: [...state.recentItems.slice(-(RECENT - 1)), e.itemId] };
      if (next.focusItem === null) next = { ...next, focusItem: e.itemId };
      if (next.focusItem === e.itemId && next.focusIdle) next = { ...next, focusIdle: false };
      return next;
    }
    case "item-done":
    case "item-cached":
    case "item-failed":
    case "item-skipped":
    case "item-dropped":
    case "item-pending":
      return e.itemId === state.focusItem && !state.focusIdle ? { ...state, focusIdle: true } : state;
    case "item-token": {
      if (e.sample !== 0) return state;
      // Not chosen by the user and idle: follow the item that is streaming now.
      if (e.itemId !== state.focusItem && !state.focusChosen && (state.focusIdle || state.focusItem === null))
        return { ...state, focusItem: e.itemId, focusIdle: false, stream: { itemId: e.itemId, nodeId: e.nodeId, text: e.text } };
      if (e.itemId !== state.focusItem) return state;
      const s = state.stream;
      if (s && s.nodeId === e.nodeId && s.itemId === e.itemId) return { ...state, stream: { ...s, text: s.text + e.text } };
      return { ...state, stream: { itemId: e.itemId, nodeId: e.nodeId, text: e.text } };
    }
    case "batch-state": {
      const { type: _type, runId: _runId, batchId, ...status } = e;
      return { ...state, batches: { ...state.batches, [batchId]: { ...status, at: Date.now() } } };
    }
    case "run-finished":
      return { ...state, status: e.status, totals: e.totals, metrics: e.metrics, error: e.error, finishedAt: e.at, etaMs: null, ...(e.exports?.length ? { exports: e.exports } : {}) };
    default:
      return state;
  }
}

/** Applies one entry of a run batch (shared/runBatch.ts): an event as it was emitted, or an interval's item activity. */
export function applyBatchEvent(state: LiveRun, e: BatchEvent): LiveRun {
  return e.type === "items" ? applyItemActivity(state, e) : applyRunEvent(state, e);
}

/**
 * An interval's item starts and streamed text. An automatic focus stays on its item while that item starts or
 * streams, else moves to the first item streaming now (as one by one: a finished focus gives way to the next
 * token); a chosen focus only collects its item's text.
 */
function applyItemActivity(state: LiveRun, e: ItemActivity): LiveRun {
  if (e.runId !== state.runId) return state;
  let next = state;
  if (e.started.length) {
    const recent = [...state.recentItems.filter((id) => !e.started.includes(id)), ...e.started].slice(-RECENT);
    next = { ...next, recentItems: recent, ...(next.focusItem === null ? { focusItem: e.started[0] } : {}) };
  }
  const focus = next.focusItem;
  const active = focus !== null && (e.started.includes(focus) || e.streams.some((s) => s.itemId === focus));
  if (!next.focusChosen && !active && e.streams.length) {
    const first = e.streams[0];
    next = { ...next, focusItem: first.itemId, focusIdle: false, stream: null };
  } else if (active && next.focusIdle) next = { ...next, focusIdle: false };
  for (const s of e.streams) {
    if (s.itemId !== next.focusItem) continue;
    const cur = next.stream;
    next = { ...next, stream: cur && cur.itemId === s.itemId && cur.nodeId === s.nodeId ? { ...cur, text: cur.text + s.text } : { itemId: s.itemId, nodeId: s.nodeId, text: s.text } };
  }
  return next;
}

/** Focus another item: its next node's tokens stream into view. */
export function focusItem(state: LiveRun, itemId: string | null): LiveRun {
  return { ...state, focusItem: itemId, focusChosen: itemId !== null, focusIdle: false, stream: state.stream?.itemId === itemId ? state.stream : null };
}

/** Items finished at a node (any terminal state). */
export function finishedCount(c: NodeCounts): number {
  return c.done + c.cached + c.failed + c.skipped + c.dropped + (c.pending ?? 0);
}

/** 0..1 progress of a node, or null when its size is unknown. */
export function nodeProgress(c: NodeCounts | undefined, expected: number | undefined, runItems: number | null): number | null {
  if (!c) return null;
  const total = expected ?? runItems;
  if (!total) return null;
  return Math.min(1, finishedCount(c) / total);
}

/** 0..1 progress of the run from its totals. */
export function runProgress(run: Pick<LiveRun, "totals" | "items" | "status">): number | null {
  if (run.status !== "running" && run.status !== "interrupted") return 1;
  const items = run.totals?.items || run.items;
  if (!items || !run.totals) return null;
  return Math.min(1, run.totals.itemsDone / items); // itemsDone counts failed items too
}
