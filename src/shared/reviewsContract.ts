/** The review and DDF-report part of the contract (see contract.ts): the review queue, decisions, node reports. */
import type { ResultRow } from "./contract";
import type { ParamsOf } from "./contractParams";
import type { Value } from "./values";

/**
 * One item of a review node's queue: what the reviewer sees and, once decided, the decision. A review node
 * mapped over samples (a "map" edge carrying samples) has one queue item per sample of an item, each decided
 * on its own: `sample` is its number (1-based) of `samples`.
 */
export interface ReviewQueueItem {
  itemId: string;
  sample?: number;
  samples?: number;
  /** waiting: no decision applies to these inputs yet (none made, or made on other inputs). */
  state: "waiting" | "accepted" | "edited" | "rejected";
  /** The review node's inputs for this item, by name (images as paths/URLs or image refs). */
  inputs: Record<string, Value>;
  /** The decision that applies (absent while waiting), and a stale one made on other inputs. */
  decision?: { decision: "accept" | "reject" | "edit"; edits?: Record<string, Value>; note?: string; decidedAt: number };
  staleDecision?: boolean;
  /** How the item ended in this run (pending, done, dropped ...). */
  runStatus: ResultRow["status"];
  /** The item's ground truth, when the pipeline scores against one (see ReviewQueue.truth). */
  truth?: Value;
}

export interface ReviewQueue {
  runId: string;
  nodeId: string;
  instructions: string;
  /** Input names in order; editable ones may be changed by an "edit" decision. */
  inputs: string[];
  editable: string[];
  /** Inputs whose values are images (from the upstream port types). */
  imageInputs: string[];
  /**
   * The nodes after this one (pipeline order): what a decision reaches. An edit replaces the value they read,
   * so on the next run the per-item ones run again for that item (new inputs, new cache keys) and the others
   * (mix, export) take the edited value.
   */
  downstream: { nodeId: string; label: string; kind: string; perItem: boolean }[];
  /** Where the items' ground truth comes from: the node and port a score node reads as `truth`. */
  truth?: { scoreNode: string; node: string; port: string };
  /** Queue items (items, or samples of items) still waiting for a decision, and all of them in the run. */
  waiting: number;
  total: number;
  /** Every item in order with its state (light), so a reviewer can move through a queue loaded page by page. */
  order: { itemId: string; sample?: number; state: ReviewQueueItem["state"] }[];
  /** The page of items with their inputs: order[offset] … order[offset + items.length - 1]. */
  offset: number;
  items: ReviewQueueItem[];
}

export type ReviewDecisionRequest = ParamsOf<"reviews.decide">;

/** Why items left a node, grouped: e.g. a filter's condition, "rejected by reviewer: blurry". */
export interface ReasonCount {
  /** A filter's failing clause (e.g. `label == "sound"`), else the reason's text (older runs: the whole text). */
  reason: string;
  count: number;
  /** A few of the items (first five). */
  items: string[];
  /** Filter drops grouped by clause: the values the clause read, for the first items (same order as items). */
  values?: Record<string, unknown>[];
}

/** What happened at a filter, review or judge node in a run: items in, out, dropped (and why), pending. */
export interface NodeReport {
  nodeId: string;
  kind: string;
  label?: string;
  /** What in/out count: items (unset) or, for mix and export nodes, samples. */
  unit?: "samples";
  /** Items that reached the node: out + dropped + pending + failed. */
  in: number;
  out: number;
  dropped: number;
  pending: number;
  failed: number;
  /** Not run because an upstream node failed. */
  skipped: number;
  dropReasons: ReasonCount[];
  failures: ReasonCount[];
  /** Judge nodes: how many items got each label. */
  labels?: Record<string, number>;
}
