/**
 * How a finished run ended, in words, from its status and totals: one rule for the engine, the CLI and the
 * app. A run in which every item failed is `failed` (the engine stores it so); one in which most items failed
 * is "done with errors", shown as a failure; a few failed items leave it "done" with an error count.
 */
import type { RunTotals } from "./events";

export type RunOutcome = "running" | "done" | "done-with-errors" | "failed" | "cancelled" | "interrupted";

/** True when the run read at least one item and every one of them failed. */
export function everyItemFailed(t: Pick<RunTotals, "items" | "itemsFailed">): boolean {
  return t.items > 0 && t.itemsFailed >= t.items;
}

/** True when more than half of the items failed. */
export function mostItemsFailed(t: Pick<RunTotals, "items" | "itemsFailed">): boolean {
  return t.items > 0 && t.itemsFailed * 2 > t.items;
}

export function runOutcome(status: RunOutcome | "done" | "failed", totals: Pick<RunTotals, "items" | "itemsFailed"> | null | undefined): RunOutcome {
  if (status === "done" && totals && mostItemsFailed(totals)) return everyItemFailed(totals) ? "failed" : "done-with-errors";
  return status;
}

export const RUN_OUTCOME_TEXT: Record<RunOutcome, string> = {
  running: "Running",
  done: "Done",
  "done-with-errors": "Done with errors",
  failed: "Failed",
  cancelled: "Cancelled",
  interrupted: "Interrupted",
};

/** The error of a run whose every item failed: how many, and the first item's error. */
export function everyItemFailedError(items: number, firstError: string | undefined): string {
  return `every item failed (${items} of ${items})${firstError ? `; the first: ${firstError}` : ""}`;
}
