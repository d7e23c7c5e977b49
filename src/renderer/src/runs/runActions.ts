/** What the Runs tab does with a run: rename, delete, open its pipeline version, show it, inspect its outputs. */
import { getClient } from "../api/client";
import { useRun } from "../run/runStore";
import { editor } from "../store/editorStore";
import { toast } from "../store/toastStore";
import { useUi } from "../store/uiStore";
import { bumpRuns, forgetRunDetail } from "./useRunData";
import { useView } from "./viewStore";

export async function renameRun(runId: string, label: string): Promise<void> {
  try {
    await getClient().call("runs.rename", { runId, label });
    forgetRunDetail(runId);
    bumpRuns();
  } catch (e) {
    toast(`Rename failed: ${(e as Error).message}`, "error");
  }
}

export async function deleteRun(runId: string): Promise<void> {
  try {
    await getClient().call("runs.delete", { runId });
    forgetRunDetail(runId);
    const view = useView.getState();
    if (view.inspectRunId === runId) view.setInspectRun(null);
    if (view.trace?.runId === runId) view.openTrace(null);
    view.setCompareIds(view.compareIds.filter((id) => id !== runId));
    if (useRun.getState().live?.runId === runId) useRun.getState().clear();
    bumpRuns();
  } catch (e) {
    toast(`Delete failed: ${(e as Error).message}`, "error");
  }
}

/** Opens the pipeline exactly as the run used it (a later save makes it a new version), with the run's counts on it. */
export async function openRunPipeline(runId: string): Promise<void> {
  try {
    const detail = await getClient().call("runs.get", { runId });
    editor().openDoc(detail.doc, { id: detail.pipelineId, dirty: false });
    useRun.getState().show(detail);
    useView.getState().setInspectRun(runId);
    toast(`Opened "${detail.doc.name}" as run ${detail.label || runId} used it`, "ok");
  } catch (e) {
    toast(`Could not open the run's pipeline: ${(e as Error).message}`, "error");
  }
}

export function inspectRun(runId: string): void {
  useView.getState().setInspectRun(runId);
  useUi.getState().setBottomTab("outputs");
}

export function compareRuns(ids: string[]): void {
  useView.getState().setCompareIds(ids);
  useView.getState().setCompareOpen(true);
}
