/**
 * Everything a run reports, as typed events. The engine emits them; the CLI, the store and the UI consume them.
 */
import type { ChatMessage, Value } from "./values";

export type ItemStatus = "queued" | "running" | "done" | "cached" | "failed" | "skipped" | "dropped" | "pending";

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

/** Counts for one node across the items of a run. */
export interface NodeCounts {
  queued: number;
  running: number;
  done: number;
  cached: number;
  failed: number;
  skipped: number;
  dropped: number;
  /** Items waiting for a human decision (review nodes); absent in runs recorded before reviews existed. */
  pending?: number;
  calls: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  latencyMsTotal: number;
  costUsd: number;
  /** Items whose reply (a call of this node) was cut off by a token limit; absent when none was. */
  truncated?: number;
}

export interface Metric {
  /** e.g. "accuracy" */
  name: string;
  value: number;
  n: number;
  /** 95% Wilson interval for proportions. */
  low?: number;
  high?: number;
}

export interface RunTotals {
  items: number;
  itemsDone: number;
  itemsFailed: number;
  calls: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  errors: number;
  /** Items that stopped at a review node, waiting for a decision (absent when none did). */
  itemsPending?: number;
  /** Node results whose model reply was cut off by a token limit (absent when none was). */
  truncated?: number;
  /** Calls made to models whose price is unknown (shared/pricing.ts): costUsd leaves them out (absent when none). */
  unpricedCalls?: number;
}

/** Details of one model call, for the trace of an item. */
export interface CallTrace {
  provider: string;
  model: string;
  messages: ChatMessage[];
  params: Record<string, unknown>;
  reply: string;
  cacheKey: string;
  cached: boolean;
  latencyMs: number;
  usage?: Usage;
  retries: number;
  sample: number;
  /** The model's name in the pipeline's `models` (`model` is what the server was asked for). */
  modelName?: string;
  /** Set when the call failed (after its retries); `reply` is then empty. */
  error?: string;
  /** Why the model stopped, in the provider's own words ("stop", "length", "end_turn", "MAX_TOKENS", ...). */
  stopReason?: string;
  /** The reply was cut off by a token limit: shown as truncated, counted in the totals, never cached. */
  truncated?: boolean;
}

/** A provider batch's state as run events say it (providers/batch/batchTypes.ts BatchState, and the collector's). */
export type BatchEventState = "submitted" | "validating" | "in_progress" | "finalizing" | "completed" | "failed" | "expired" | "cancelling" | "cancelled" | "collected";

export type RunEvent =
  | { type: "run-started"; runId: string; pipelineName: string; items: number | null; at: number }
  | { type: "node-queued"; runId: string; nodeId: string; items: number }
  | { type: "item-started"; runId: string; nodeId: string; itemId: string }
  | { type: "item-token"; runId: string; nodeId: string; itemId: string; sample: number; text: string }
  | { type: "item-cached"; runId: string; nodeId: string; itemId: string }
  | { type: "item-done"; runId: string; nodeId: string; itemId: string; output: Record<string, Value>; latencyMs: number; cached: boolean; usage?: Usage; truncated?: true }
  | { type: "item-failed"; runId: string; nodeId: string; itemId: string; error: string; retries?: number }
  | { type: "item-skipped"; runId: string; nodeId: string; itemId: string; reason: string }
  | { type: "item-dropped"; runId: string; nodeId: string; itemId: string; reason: string }
  | { type: "item-pending"; runId: string; nodeId: string; itemId: string; reason: string }
  | { type: "call-retry"; runId: string; nodeId: string; itemId: string; attempt: number; delayMs: number; reason: string }
  | { type: "node-done"; runId: string; nodeId: string; counts: NodeCounts; metrics: Metric[] }
  /**
   * A provider batch of a `batch: true` model changed state (submitted, validating, in progress, finalizing,
   * completed, failed, expired, cancelling, cancelled, collected: its results are in the call cache).
   * `waitedMs` counts from its submission; `resumed` marks a batch an earlier run submitted.
   */
  | { type: "batch-state"; runId: string; model: string; batchId: string; state: BatchEventState; total: number; succeeded: number; failed: number; waitedMs: number; resumed?: true }
  | { type: "progress"; runId: string; totals: RunTotals; nodes: Record<string, NodeCounts>; etaMs: number | null }
  | { type: "run-finished"; runId: string; status: "done" | "failed" | "cancelled"; totals: RunTotals; metrics: Record<string, Metric[]>; exports?: ExportedFile[]; error?: string; at: number };

/** A file an export node wrote in a run: the absolute path and how many records (a run's `run-finished` lists them). */
export interface ExportedFile {
  nodeId: string;
  path: string;
  records: number;
}

export type RunEventType = RunEvent["type"];

export function emptyCounts(): NodeCounts {
  return { queued: 0, running: 0, done: 0, cached: 0, failed: 0, skipped: 0, dropped: 0, pending: 0, calls: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, latencyMsTotal: 0, costUsd: 0 };
}
