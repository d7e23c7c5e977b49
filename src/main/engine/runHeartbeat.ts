/**
 * The heartbeat of a run this process executes: one UPDATE of `runs.heartbeat_at` at once and then every
 * few seconds, until stopped (the run finished, failed or was cancelled). Other processes sharing the database
 * tell a live run from one whose process died by it (store/runLiveness.ts). Each beat also stores the run's
 * running totals (`totals()`), which an interrupted run reports.
 */
import type { RunMetaRepo } from "../store/runMetaRepo";
import { HEARTBEAT_INTERVAL_MS, type RunningTotals } from "../store/runLiveness";

export interface RunHeartbeat {
  stop(): void;
}

export function startRunHeartbeat(runs: RunMetaRepo, runId: string, intervalMs = HEARTBEAT_INTERVAL_MS, totals?: () => RunningTotals | undefined): RunHeartbeat {
  const beat = () => {
    if (!runs.open) return clearInterval(timer);
    try {
      runs.beat(runId, totals?.());
    } catch {
      /* e.g. the database is busy beyond its timeout: the next beat tries again */
    }
  };
  const timer = setInterval(beat, intervalMs);
  timer.unref(); // never keeps the process alive
  beat();
  return { stop: () => clearInterval(timer) };
}
