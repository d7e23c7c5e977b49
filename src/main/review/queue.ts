/**
 * A review node's queue in a run (what `reviews.queue` returns) and recording decisions (`reviews.decide`,
 * `cascade review`). Decisions are stored per (node content, item) with the hash of the inputs they were made
 * on, so the next run of the pipeline uses them; deciding never changes the stored run itself. A node mapped over
 * samples lists (and decides) each sample of an item on its own, its decision kept by the sample's inputs hash.
 */
import type { ResultRow, ReviewDecisionRequest, ReviewQueue, ReviewQueueItem } from "../../shared/contract";
import type { ReviewDecision } from "../../shared/ddf/review";
import { REVIEW_DECISIONS } from "../../shared/nodes/kinds/review";
import type { Value } from "../../shared/values";
import { findDecision } from "../store/reviewsRepo";
import type { Store } from "../store/store";
import { downstreamOf, truthSourceOf } from "./editEffects";
import { imageInputsOf, reviewNodeOf, storedReviewEntries, type ReviewEntry, type ReviewNode } from "./reviewInputsOf";

/** Statuses of a review node's results that put the item in its queue (failed/skipped items never reached a reviewer). */
const QUEUED: ReadonlySet<ResultRow["status"]> = new Set(["pending", "done", "cached", "dropped"]);

type Truth = ReviewQueue["truth"];

function itemOf(store: Store, review: ReviewNode, row: Pick<ResultRow, "itemId" | "status">, entry: ReviewEntry, runId: string, truth: Truth): ReviewQueueItem {
  const { inputs, hash } = entry;
  // The lookup the engine makes (engine/nodes/review.ts), so the queue shows the decision the next run applies.
  const d = findDecision(store.reviews, review.key, row.itemId, hash);
  const truthValue = truth ? store.runs.getResult(runId, truth.node, row.itemId)?.output?.[truth.port] : undefined;
  const base = {
    itemId: row.itemId,
    ...(entry.sample !== undefined ? { sample: entry.sample, samples: entry.samples } : {}),
    inputs,
    runStatus: row.status,
    ...(truthValue !== undefined ? { truth: truthValue } : {}),
  };
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
  const truth = truthSourceOf(run.doc, nodeId);
  const offset = page.offset ?? 0;
  const end = offset + (page.limit ?? QUEUE_PAGE);
  const order: ReviewQueue["order"] = [];
  const items: ReviewQueueItem[] = [];
  for (const row of store.runs.iterateResults(runId, nodeId)) {
    if (!QUEUED.has(row.status)) continue;
    // The state needs the inputs' hash, so every item's inputs are read; only the page's are kept.
    for (const entry of storedReviewEntries(store, runId, review, row.itemId)) {
      const onPage = order.length >= offset && order.length < end;
      // The ground truth is one more read per item: only the page's.
      const item = itemOf(store, review, row, entry, runId, onPage ? truth : undefined);
      if (onPage) items.push(item);
      order.push({ itemId: item.itemId, ...(item.sample !== undefined ? { sample: item.sample } : {}), state: item.state });
    }
  }
  return {
    runId,
    nodeId,
    instructions: review.config.instructions,
    inputs: review.config.inputs,
    editable: review.config.editable,
    imageInputs: imageInputsOf(run.doc, review),
    downstream: downstreamOf(run.doc, nodeId),
    ...(truth ? { truth } : {}),
    waiting: order.filter((i) => i.state === "waiting").length,
    total: order.length,
    order,
    offset,
    items,
  };
}

/** Checks and stores one decision; returns the item as the queue now shows it. Errors name the item and field. */
export function decideReview(store: Store, request: ReviewDecisionRequest, now = Date.now()): ReviewQueueItem {
  const { runId, nodeId, itemId, sample } = request;
  let where = `review ${nodeId}, item "${itemId}"`;
  if (!(REVIEW_DECISIONS as readonly string[]).includes(request.decision)) throw new Error(`${where}: unknown decision "${request.decision}" (use accept, reject or edit)`);
  const run = store.runs.get(runId);
  const review = reviewNodeOf(run.doc, runId, nodeId);
  const row = store.runs.getResult(runId, nodeId, itemId);
  if (!row || !QUEUED.has(row.status)) {
    throw new Error(`${where}: the item did not reach this review node in run ${runId}${row ? ` (it was ${row.status})` : ""}`);
  }
  const entries = storedReviewEntries(store, runId, review, itemId);
  const mapped = entries[0]?.sample !== undefined;
  if (!mapped && sample !== undefined) throw new Error(`${where}: the item has no samples to decide one by one (its inputs are not mapped over samples)`);
  if (mapped && sample === undefined) throw new Error(`${where}: the item has ${entries.length} samples: name one (sample 1 to ${entries.length})`);
  if (mapped && (sample! < 1 || sample! > entries.length || !Number.isInteger(sample))) throw new Error(`${where}: no sample ${sample} (the item has ${entries.length})`);
  const entry = mapped ? entries[sample! - 1] : entries[0];
  if (!entry) throw new Error(`${where}: the item has no samples to review`);
  if (mapped) where += `, sample ${sample}`;
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
  const note = request.note?.trim();
  const decision: ReviewDecision = { decision: request.decision, ...(edited ? { edited } : {}), ...(note ? { note } : {}), inputsHash: entry.hash, decidedAt: now };
  store.reviews.put(review.key, entry.decisionId, decision);
  return itemOf(store, review, row, entry, runId, truthSourceOf(run.doc, nodeId));
}
