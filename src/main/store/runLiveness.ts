/**
 * Liveness of running runs. The process executing a run writes `runs.heartbeat_at` every few seconds
 * (engine/runHeartbeat.ts). A run still "running" whose last heartbeat (before the first one, its start) is
 * older than the stale threshold was left by a process that died (SIGKILL, crash, power loss): listing runs
 * marks it "interrupted". Marking every running run at startup would be wrong: the CLI and the app may share one
 * database and run at the same time.
 * Each heartbeat also stores the engine's running totals (`runs.live_totals`): an interrupted run's totals and
 * accuracy are the ones of its last heartbeat (at most one interval old), not counted again from its results.
 */
import type { Database } from "better-sqlite3";
import type { Metric, RunTotals } from "../../shared/events";

/** The engine's totals and score metrics of a run so far (engine/stats.ts), as a heartbeat stores them. */
export interface RunningTotals {
  totals: RunTotals;
  metrics: Record<string, Metric[]>;
}

/** How often the process executing a run refreshes its heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** A running run whose heartbeat is older than this is interrupted (several missed heartbeats). */
export const DEFAULT_STALE_RUN_MS = 30_000;
/** Overrides DEFAULT_STALE_RUN_MS (milliseconds) for the processes that read runs (tests, slow machines). */
export const STALE_RUN_ENV = "CASCADE_STALE_RUN_MS";
/** Overrides HEARTBEAT_INTERVAL_MS (milliseconds) for the processes that execute runs (tests). */
export const HEARTBEAT_ENV = "CASCADE_HEARTBEAT_MS";

function positiveMs(raw: string | undefined, fallback: number): number {
  const ms = raw?.trim() ? Number(raw) : NaN;
  return Number.isFinite(ms) && ms > 0 ? ms : fallback;
}

/** The stale threshold from the environment: a positive number of milliseconds, else the default. */
export function staleRunMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return positiveMs(env[STALE_RUN_ENV], DEFAULT_STALE_RUN_MS);
}

/** The heartbeat interval from the environment: a positive number of milliseconds, else the default. */
export function heartbeatMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return positiveMs(env[HEARTBEAT_ENV], HEARTBEAT_INTERVAL_MS);
}

/**
 * Records that the run's process is alive. A run another process marked interrupted meanwhile (this one was
 * suspended or blocked longer than the threshold) is running again; a finished run is left as it is.
 */
export function beatRun(db: Database, runId: string, now = Date.now(), totals?: RunningTotals): void {
  db.prepare("UPDATE runs SET heartbeat_at = ?, status = 'running', live_totals = COALESCE(?, live_totals) WHERE id = ? AND status IN ('running', 'interrupted')").run(
    now,
    totals ? JSON.stringify(totals) : null,
    runId,
  );
}

/** The running totals of the run's last heartbeat, or undefined when none stored any. */
export function lastRunningTotals(db: Database, runId: string): RunningTotals | undefined {
  const json = db.prepare("SELECT live_totals FROM runs WHERE id = ?").pluck().get(runId) as string | null | undefined;
  return json ? (JSON.parse(json) as RunningTotals) : undefined;
}

/** Ids of the runs (every run, or only `runId`) still "running" whose last sign of life is older than `staleMs`. */
export function staleRunIds(db: Database, staleMs: number, runId?: string, now = Date.now()): string[] {
  const before = now - staleMs;
  const rows = (
    runId === undefined
      ? db.prepare("SELECT id FROM runs WHERE status = 'running' AND COALESCE(heartbeat_at, started_at) < ?").all(before)
      : db.prepare("SELECT id FROM runs WHERE id = ? AND status = 'running' AND COALESCE(heartbeat_at, started_at) < ?").all(runId, before)
  ) as { id: string }[];
  return rows.map((r) => r.id);
}
