/**
 * A review node's queue in a run (what `reviews.queue` returns) and recording decisions (`reviews.decide`,
 * `cascade review`). Decisions are stored per (node content, item) with the hash of the inputs they were made
 * on, so the next run of the pipeline uses them; deciding never changes the stored run itself.
 */
import type { ResultRow, ReviewDecisionRequest, ReviewQueue, ReviewQueueItem } from "../../shared/contract";
import type { ReviewDecision } from "../../shared/ddf/review";
import { REVIEW_DECISIONS } from "../../shared/nodes/kinds/review";
import type { Value } from "../../shared/values";
import type { Store } from "../store/store";
import { imageInputsOf, reviewNodeOf, storedReviewInputs, type ReviewNode } from "./reviewInputsOf";

/** Statuses of a review node's results that put the item in its queue (failed/skipped items never reached a reviewer). */
const QUEUED: ReadonlySet<ResultRow["status"]> = new Set(["pending", "done", "cached", "dropped"]);

function itemOf(store: Store, runId: string, review: ReviewNode, row: Pick<ResultRow, "itemId" | "status">): ReviewQueueItem {
  const { inputs, hash } = storedReviewInputs(store, runId, review, row.itemId);
  const d = store.reviews.get(review.key, row.itemId);
  const base = { itemId: row.itemId, inputs, runStatus: row.status };
  if (!d) return { ...base, state: "waiting" };
  const decision = { decision: d.decision, ...(d.edited ? { edits: d.edited } : {}), ...(d.note ? { note: d.note } : {}), decidedAt: d.decidedAt };
  if (d.inputsHash !== hash) return { ...base, state: "waiting", decision, staleDecision: true };
  const state = d.decision === "accept" ? "accepted" : d.decision === "edit" ? "edited" : "rejected";
  return { ...base, state, decision };
}

/** Items with inputs per page unless asked otherwise; the order (ids and states) always covers the whole queue. */
export const QUEUE_PAGE = 200;

export function reviewQueue(store: Store, runId: string, nodeId: string, page: { offset?: number; limit?: number } = {}): ReviewQueue {
  const run = store.runs.get(runId);
  const review = reviewNodeOf(run.doc, runId, nodeId);
  const offset = page.offset ?? 0;
  const end = offset + (page.limit ?? QUEUE_PAGE);
  const order: ReviewQueue["order"] = [];
  const items: ReviewQueueItem[] = [];
  for (const row of store.runs.iterateResults(runId, nodeId)) {
    if (!QUEUED.has(row.status)) continue;
    // The state needs the inputs' hash, so every item's inputs are read; only the page's are kept.
    const item = itemOf(store, runId, review, row);
    if (order.length >= offset && order.length < end) items.push(item);
    order.push({ itemId: item.itemId, state: item.state });
  }
  return {
    runId,
    nodeId,
    instructions: review.config.instructions,
    inputs: review.config.inputs,
    editable: review.config.editable,
    imageInputs: imageInputsOf(run.doc, review),
    waiting: order.filter((i) => i.state === "waiting").length,
    total: order.length,
    order,
    offset,
    items,
  };
}

/** Checks and stores one decision; returns the item as the queue now shows it. Errors name the item and field. */
export function decideReview(store: Store, request: ReviewDecisionRequest, now = Date.now()): ReviewQueueItem {
  const { runId, nodeId, itemId } = request;
  const where = `review ${nodeId}, item "${itemId}"`;
  if (!(REVIEW_DECISIONS as readonly string[]).includes(request.decision)) throw new Error(`${where}: unknown decision "${request.decision}" (use accept, reject or edit)`);
  const run = store.runs.get(runId);
  const review = reviewNodeOf(run.doc, runId, nodeId);
  const row = store.runs.getResult(runId, nodeId, itemId);
  if (!row || !QUEUED.has(row.status)) {
    throw new Error(`${where}: the item did not reach this review node in run ${runId}${row ? ` (it was ${row.status})` : ""}`);
  }
  let edited: Record<string, Value> | undefined;
  if (request.decision === "edit") {
    const edits = request.edits ?? {};
    const names = Object.keys(edits);
    if (names.length === 0) throw new Error(`${where}: an edit needs edited values (editable: ${review.config.editable.join(", ") || "none"})`);
    for (const name of names) {
      if (!review.config.editable.includes(name)) throw new Error(`${where}: "${name}" is not editable (editable: ${review.config.editable.join(", ") || "none"})`);
    }
    edited = edits;
  } else if (request.edits && Object.keys(request.edits).length > 0) {
    throw new Error(`${where}: edits are only kept with the decision "edit" (got "${request.decision}")`);
  }
  const { hash } = storedReviewInputs(store, runId, review, itemId);
  const note = request.note?.trim();
  const decision: ReviewDecision = { decision: request.decision, ...(edited ? { edited } : {}), ...(note ? { note } : {}), inputsHash: hash, decidedAt: now };
  store.reviews.put(review.key, itemId, decision);
  return itemOf(store, runId, review, row);
}
