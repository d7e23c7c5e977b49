/** What `cascade run` and `cascade runs` say of provider batches (batch: true models). */
import { BATCH_STATE_WORDS, formatWaited } from "../../shared/batchStates";
import type { RunEvent } from "../../shared/events";
import type { BatchJobRow } from "../store/batchesRepo";

/** One stderr line per state change, e.g. "batch batch_abc (model reasoner, 18 requests): in progress, 5 done, 0 failed, waited 3m 05s". */
export function batchStateLine(e: Extract<RunEvent, { type: "batch-state" }>): string {
  const resumed = e.resumed ? ", submitted by an earlier run" : "";
  const counts = e.state === "submitted" ? "" : `, ${e.succeeded} done, ${e.failed} failed`;
  return `batch ${e.batchId} (model ${e.model}, ${e.total} requests${resumed}): ${BATCH_STATE_WORDS[e.state]}${counts}, waited ${formatWaited(e.waitedMs)}`;
}

/** The LABEL suffix `cascade runs` shows for a run with batches still open. */
export function openBatchesNote(open: readonly BatchJobRow[]): string {
  if (!open.length) return "";
  const requests = open.reduce((n, j) => n + j.requestCount, 0);
  return ` (waiting on ${open.length} batch${open.length === 1 ? "" : "es"}, ${requests} requests)`;
}
