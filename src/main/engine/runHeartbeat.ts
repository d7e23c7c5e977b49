/**
 * The heartbeat of a run this process executes: one UPDATE of `runs.heartbeat_at` at once and then every
 * few seconds, until stopped (the run finished, failed or was cancelled). Other processes sharing the database
 * tell a live run from one whose process died by it (store/runLiveness.ts).
 */
import type { Database } from "better-sqlite3";
import { beatRun, HEARTBEAT_INTERVAL_MS } from "../store/runLiveness";

export interface RunHeartbeat {
  stop(): void;
}

export function startRunHeartbeat(db: Database, runId: string, intervalMs = HEARTBEAT_INTERVAL_MS): RunHeartbeat {
  const beat = () => {
    if (!db.open) return clearInterval(timer);
    try {
      beatRun(db, runId);
    } catch {
      /* e.g. the database is busy beyond its timeout: the next beat tries again */
    }
  };
  const timer = setInterval(beat, intervalMs);
  timer.unref(); // never keeps the process alive
  beat();
  return { stop: () => clearInterval(timer) };
}
