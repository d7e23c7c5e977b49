/**
 * The run the UI follows: started here (Run menu) or picked in the Runs tab. Listens to "run-batch" once (the
 * Node side sends a run's events about 30 times a second, counts coalesced: shared/runBatch.ts), folds them
 * with applyBatchEvent, and publishes at most once per animation frame. Per-node counts also go to
 * runStatusStore, where each badge reads only its own node's counts.
 */
import { create } from "zustand";
import type { RunSummary } from "../../../shared/contract";
import type { NodeCounts } from "../../../shared/events";
import type { BatchEvent, RunBatch } from "../../../shared/runBatch";
import { getClient } from "../api/client";
import { useRunStatus } from "../store/runStatusStore";
import { applyBatchEvent, focusItem, newLiveRun, type ExportedFile, type LiveRun } from "./liveRun";

interface RunState {
  live: LiveRun | null;
  /** Bumped when any run finishes (the Runs tab and inspector refetch). */
  finishedSeq: number;
  follow(runId: string, pipelineName?: string): void;
  /** Shows a past (or running) run on the canvas and in the status bar. */
  show(run: RunSummary & { nodes: Record<string, NodeCounts> }): void;
  setFocus(itemId: string | null): void;
  clear(): void;
}

let pending: LiveRun | null = null;
let scheduled = false;

function flush(): void {
  scheduled = false;
  if (!pending) return;
  const live = pending;
  useRun.setState({ live });
  useRunStatus.getState().setNodes(live.runId, live.nodes, live.metrics);
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(flush);
  else setTimeout(flush, 16);
}

/** Events of a run that started before follow() was called are kept briefly (runs.start replies after its first events). */
const early: BatchEvent[] = [];

function onBatch(batch: RunBatch): void {
  const current = pending ?? useRun.getState().live;
  if (!current || current.runId !== batch.runId) {
    early.push(...batch.events);
    if (early.length > 500) early.splice(0, early.length - 500);
    return;
  }
  let next = current;
  for (const e of batch.events) {
    next = applyBatchEvent(next, e);
    if (e.type === "run-finished") void onFinished(e.runId);
  }
  if (next === current) return;
  pending = next;
  schedule();
}

/** What the run's export nodes wrote: their single result's path (absolute) and record count. */
async function exportedFiles(runId: string, nodeIds: string[]): Promise<ExportedFile[]> {
  const files = await Promise.all(
    nodeIds.map(async (nodeId): Promise<ExportedFile | null> => {
      const { rows } = await getClient().call("runs.results", { runId, nodeId, limit: 1 });
      const out = rows[0]?.output;
      return out && typeof out.path === "string" ? { nodeId, path: out.path, records: typeof out.records === "number" ? out.records : 0 } : null;
    }),
  );
  return files.filter((f): f is ExportedFile => f !== null);
}

/** The finished run's final per-node counts and the files its exports wrote, into the followed run. */
async function loadFinished(runId: string): Promise<void> {
  try {
    const detail = await getClient().call("runs.get", { runId });
    const exports = await exportedFiles(runId, detail.doc.nodes.filter((n) => n.kind === "export").map((n) => n.id)).catch(() => []);
    const live = pending ?? useRun.getState().live;
    if (live?.runId === runId) {
      pending = { ...live, nodes: detail.nodes, metrics: detail.metrics, ...(exports.length ? { exports } : {}) };
      schedule();
    }
  } catch {
    /* the run was deleted meanwhile: keep what the events said */
  }
}

async function onFinished(runId: string): Promise<void> {
  await loadFinished(runId);
  useRun.setState((s) => ({ finishedSeq: s.finishedSeq + 1 }));
}

let subscribed = false;
function subscribe(): void {
  if (subscribed) return;
  subscribed = true;
  getClient().on("run-batch", onBatch);
}

export const useRun = create<RunState>()((set, get) => ({
  live: null,
  finishedSeq: 0,
  follow(runId, pipelineName = "") {
    subscribe();
    let live = newLiveRun(runId, pipelineName);
    for (const e of early.splice(0)) live = applyBatchEvent(live, e);
    pending = live;
    set({ live });
    useRunStatus.getState().setNodes(runId, live.nodes);
    if (live.status !== "running") void onFinished(runId);
  },
  show(run) {
    if (run.status === "running") return get().follow(run.id, run.pipelineName);
    subscribe();
    // An interrupted run shows as such, with the totals counted from the results it wrote (runs.get).
    const live = { ...newLiveRun(run.id, run.pipelineName, run.totals.items, run.startedAt), status: run.status, finishedAt: run.finishedAt, totals: run.totals, nodes: run.nodes, metrics: run.metrics } as const;
    pending = { ...live };
    set({ live: pending });
    useRunStatus.getState().setNodes(run.id, run.nodes, run.metrics);
    void loadFinished(run.id); // where its exports wrote
  },
  setFocus(itemId) {
    const live = pending ?? get().live;
    if (!live) return;
    pending = focusItem(live, itemId);
    schedule();
  },
  clear() {
    pending = null;
    set({ live: null });
    useRunStatus.getState().clear();
  },
}));

/** Start listening as soon as the app loads, so events of a run started elsewhere are not lost. */
export function listenToRuns(): void {
  subscribe();
}
