/** How a provider batch's state and its time waited are said, the same in `cascade run`'s lines and the app's run bar. */
import type { BatchEventState } from "./events";

export const BATCH_STATE_WORDS: Record<BatchEventState, string> = {
  submitted: "submitted",
  validating: "validating",
  in_progress: "in progress",
  finalizing: "finalizing",
  completed: "completed, reading answers",
  failed: "failed",
  expired: "expired",
  cancelling: "cancelling",
  cancelled: "cancelled",
  collected: "collected (answers in the cache)",
};

/** States after which a batch is not waited on any more. */
export function batchClosed(state: BatchEventState): boolean {
  return state === "collected" || state === "failed" || state === "cancelled";
}

/** "12s", "3m 05s", "1h 02m". */
export function formatWaited(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}
