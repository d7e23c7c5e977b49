/**
 * The Runs tab's workers state: the shared database's distributed runs (workers.runs), kept current by the
 * "workers-progress" events while the list is shown, and asked again every few seconds when the service says
 * the events may not come (`live: false`) or the database could not be read.
 */
import { create } from "zustand";
import type { WorkersRunProgress, WorkersRuns } from "../../../shared/contract";
import { getClient } from "../api/client";

interface WorkersState {
  runs: WorkersRuns | null;
}

export const useWorkers = create<WorkersState>()(() => ({ runs: null }));

export async function loadWorkers(): Promise<void> {
  try {
    useWorkers.setState({ runs: await getClient().call("workers.runs", undefined) });
  } catch (e) {
    useWorkers.setState({ runs: { state: "error", where: "", error: (e as Error).message } });
  }
}

/** A pushed count: the run's row takes it (a newer count only); a run not listed yet reloads the list. */
export function applyWorkersProgress(p: WorkersRunProgress): void {
  const now = useWorkers.getState().runs;
  if (now?.state !== "on") return;
  const i = now.runs.findIndex((r) => r.run === p.run);
  if (i < 0) return void loadWorkers();
  if (p.done + p.failed < now.runs[i].done + now.runs[i].failed) return; // an older notification
  const runs = now.runs.slice();
  runs[i] = { ...runs[i], ...p };
  useWorkers.setState({ runs: { ...now, runs } });
}

const ASK_AGAIN_MS = 5_000;

/** Follows the list while it is shown: returns what stops following. */
export function followWorkers(): () => void {
  void loadWorkers();
  const off = getClient().on("workers-progress", applyWorkersProgress);
  const timer = setInterval(() => {
    const runs = useWorkers.getState().runs;
    if (runs?.state === "error" || (runs?.state === "on" && !runs.live)) void loadWorkers();
  }, ASK_AGAIN_MS);
  return () => {
    off();
    clearInterval(timer);
  };
}
