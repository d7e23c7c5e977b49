/**
 * How run events reach a page: in batches ("run-batch"), at most one per run per ~frame interval
 * (src/main/service/runEventBatcher.ts). Counts and progress are coalesced; every other event arrives, in the
 * order the engine emitted it. Per-item details (outputs, traces) are not pushed: the inspector pages them.
 */
import type { RunEvent } from "./events";

/** Events that only move counts, the progress bars or the streaming view: folded into a batch, never sent one by one. */
export const COALESCED_TYPES = ["progress", "item-started", "item-token", "item-done", "item-cached", "item-skipped"] as const;
export type CoalescedType = (typeof COALESCED_TYPES)[number];

/** Events that each arrive, in order: a run's start and end, nodes queued and done, and items that failed, were dropped or wait for review. */
export type OrderedRunEvent = Exclude<RunEvent, { type: CoalescedType }>;
export type ProgressEvent = Extract<RunEvent, { type: "progress" }>;

/** The per-item activity of an interval, folded: what the streaming view and its item picker need. */
export interface ItemActivity {
  type: "items";
  runId: string;
  /** Items that started at some node, most recent last, without repeats (at most ITEM_ACTIVITY_LIMIT). */
  started: string[];
  /** Text streamed by sample 0 of a call, per node and item, in the order each began (at most ITEM_ACTIVITY_LIMIT). */
  streams: { nodeId: string; itemId: string; text: string }[];
}

export const ITEM_ACTIVITY_LIMIT = 50;

/**
 * One entry of a batch. Between two ordered events there is at most one `progress` (the latest) and one
 * `items`; they describe the same stretch of time, so their order among themselves carries no meaning.
 */
export type BatchEvent = OrderedRunEvent | ProgressEvent | ItemActivity;

export interface RunBatch {
  runId: string;
  events: BatchEvent[];
}

export function isCoalesced(e: RunEvent): e is Extract<RunEvent, { type: CoalescedType }> {
  return (COALESCED_TYPES as readonly string[]).includes(e.type);
}
