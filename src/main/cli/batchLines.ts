/** What `cascade run` and `cascade runs` say of provider batches (batch: true models). */
import type { RunEvent } from "../../shared/events";
import type { BatchJobRow } from "../store/batchesRepo";

/** "1h 02m", "3m 05s", "12s". */
export function waited(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

const STATE_WORDS: Record<Extract<RunEvent, { type: "batch-state" }>["state"], string> = {
  submitted: "submitted",
  validating: "validating",
  in_progress: "in progress",
  finalizing: "finalizing",
  completed: "completed",
  failed: "failed",
  expired: "expired",
  cancelling: "cancelling",
  cancelled: "cancelled",
  collected: "collected (answers in the cache)",
};

/** One stderr line per state change, e.g. "batch batch_abc (model reasoner, 18 requests): in progress, 5 done, 0 failed, waited 3m 05s". */
export function batchStateLine(e: Extract<RunEvent, { type: "batch-state" }>): string {
  const resumed = e.resumed ? ", submitted by an earlier run" : "";
  const counts = e.state === "submitted" ? "" : `, ${e.succeeded} done, ${e.failed} failed`;
  return `batch ${e.batchId} (model ${e.model}, ${e.total} requests${resumed}): ${STATE_WORDS[e.state]}${counts}, waited ${waited(e.waitedMs)}`;
}

/** The LABEL suffix `cascade runs` shows for a run with batches still open. */
export function openBatchesNote(open: readonly BatchJobRow[]): string {
  if (!open.length) return "";
  const requests = open.reduce((n, j) => n + j.requestCount, 0);
  return ` (waiting on ${open.length} batch${open.length === 1 ? "" : "es"}, ${requests} requests)`;
}
