/**
 * On opening a saved pipeline: when its last run left items waiting for review, that run is shown again (run bar
 * and node badges), so "items wait for review" survives closing and reopening the pipeline.
 */
import { getClient } from "../api/client";
import { useEditor } from "../store/editorStore";
import { useRun } from "./runStore";

export async function showLastRunIfReviewWaits(pipelineId: string): Promise<void> {
  try {
    const last = (await getClient().call("runs.list", undefined)).find((r) => r.pipelineId === pipelineId);
    if (!last || last.status === "running") return;
    const detail = await getClient().call("runs.get", { runId: last.id });
    const waits = detail.doc.nodes.some((n) => n.kind === "review" && (detail.nodes[n.id]?.pending ?? 0) > 0);
    // Shown only while that pipeline is still open and no other run took the bar meanwhile.
    if (!waits || useRun.getState().live || useEditor.getState().pipelineId !== pipelineId) return;
    useRun.getState().show(detail);
  } catch {
    /* no runs to show: the pipeline opens as before */
  }
}
