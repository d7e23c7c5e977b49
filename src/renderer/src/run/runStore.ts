/**
 * The run the UI follows: started here (Run menu) or picked in the Runs tab. Listens to "run-batch" once (the
 * Node side sends a run's events about 30 times a second, counts coalesced: shared/runBatch.ts), folds them
 * with applyBatchEvent, and publishes at most once per animation frame. Per-node counts also go to
 * runStatusStore, where each badge reads only its own node's counts.
 */
import { create } from "zustand";
import type { RunSummary } from "../../../shared/contract";
import type { NodeCounts } from "../../../shared/events";
import type { PipelineDoc } from "../../../shared/pipeline/schema";
import type { RunBatch } from "../../../shared/runBatch";
import { getClient } from "../api/client";
import { useRunStatus } from "../store/runStatusStore";
import { applyBatchEvent, focusItem, newLiveRun, type ExportedFile, type LiveRun } from "./liveRun";

interface RunState {
  live: LiveRun | null;
  /** Bumped when any run finishes (the Runs tab and inspector refetch). */
  finishedSeq: number;
  /**
   * The run about to start here, by the id the app chose: its events are followed from the first one, which may
   * come before runs.start answers (null: it did not start after all).
   */
  expect(runId: string | null, pipelineName?: string): void;
  follow(runId: string, pipelineName?: string): void;
  /** Shows a past (or running) run on the canvas and in the status bar. */
  show(run: RunSummary & { doc: PipelineDoc; nodes: Record<string, NodeCounts> }): void;
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

/** The run started here whose first event may come before runs.start answers (see expect()). */
let expected: { runId: string; pipelineName: string } | null = null;

function onBatch(batch: RunBatch): void {
  let current = pending ?? useRun.getState().live;
  if (!current || current.runId !== batch.runId) {
    if (expected?.runId !== batch.runId) return; // another run than the one on show
    current = newLiveRun(batch.runId, expected.pipelineName);
    expected = null;
  }
  let next = current;
  for (const e of batch.events) {
    next = applyBatchEvent(next, e);
    if (e.type === "run-finished") onFinished();
  }
  if (next === current) return;
  pending = next;
  schedule();
}

/** What a past run's export nodes wrote: their single result's path (absolute) and record count (a live run's come with run-finished). */
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

/** The files a past run's exports wrote, into the run on show. */
async function loadExports(runId: string, exportNodes: string[]): Promise<void> {
  if (exportNodes.length === 0) return;
  const exports = await exportedFiles(runId, exportNodes).catch(() => []);
  const live = pending ?? useRun.getState().live;
  if (live?.runId === runId && exports.length) {
    pending = { ...live, exports };
    schedule();
  }
}

/** The run ended: its events (the last progress, node-done, run-finished with the exports) said all; listeners refetch. */
function onFinished(): void {
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
  expect(runId, pipelineName = "") {
    subscribe();
    expected = runId ? { runId, pipelineName } : null;
  },
  follow(runId, pipelineName = "") {
    subscribe();
    if (expected?.runId === runId) expected = null;
    // Already followed from its first events (expect()).
    if ((pending ?? get().live)?.runId === runId) return;
    const live = newLiveRun(runId, pipelineName);
    pending = live;
    set({ live });
    useRunStatus.getState().setNodes(runId, live.nodes);
  },
  show(run) {
    subscribe();
    // As runs.get counts it (an interrupted run with the totals counted from the results it wrote); a running
    // one goes on with its events (each progress event carries every node's counts).
    const live = { ...newLiveRun(run.id, run.pipelineName, run.totals.items, run.startedAt), status: run.status, finishedAt: run.finishedAt, totals: run.totals, nodes: run.nodes, metrics: run.metrics } as const;
    pending = { ...live };
    set({ live: pending });
    useRunStatus.getState().setNodes(run.id, run.nodes, run.metrics);
    if (run.status !== "running") void loadExports(run.id, run.doc.nodes.filter((n) => n.kind === "export").map((n) => n.id)); // where its exports wrote
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
