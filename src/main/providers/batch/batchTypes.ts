/**
 * What a provider's batch API (OpenAI's Batch API, Anthropic's Message Batches, Gemini's batch mode) offers
 * the engine's batch collector: submit a set of requests under custom ids, poll the batch's state, read each
 * request's result, cancel. One file per protocol implements it (openaiBatch.ts, anthropicBatch.ts,
 * geminiBatch.ts); the HTTP (retries, key, timeouts) is batchHttp.ts's.
 */
import type { ProviderKind } from "../../../shared/pipeline/schema";
import type { ChatRequest, Usage } from "../types";
import type { BatchHttp } from "./batchHttp";

/** One request of a batch: the custom id the results name it by, and the call. */
export interface BatchLine {
  customId: string;
  request: ChatRequest;
}

/** A batch's state in one vocabulary (each API's own words map onto it). */
export type BatchState = "validating" | "in_progress" | "finalizing" | "completed" | "failed" | "expired" | "cancelling" | "cancelled";

/** States after which a batch changes no more: its results (if any) can be read. */
export const FINAL_BATCH_STATES: ReadonlySet<BatchState> = new Set(["completed", "failed", "expired", "cancelled"]);

export interface BatchCounts {
  total: number;
  succeeded: number;
  failed: number;
}

export interface BatchPoll {
  state: BatchState;
  counts: BatchCounts;
  /** Where the results are, in the API's terms (output/error file ids, results URL, or inline). */
  results?: unknown;
  /** Why the batch as a whole failed (validation errors), when it says. */
  error?: string;
}

/** One request's outcome. */
export type BatchLineResult =
  | { ok: true; text: string; usage?: Usage; model?: string; stopReason?: string; truncated?: true }
  /** `requeue`: the request did not run (expired, cancelled) or failed in a way worth another try (5xx, 429). */
  | { ok: false; error: string; requeue: boolean };

export interface BatchProtocol {
  readonly kind: ProviderKind;
  /** The API's limits per batch: requests and bytes of the requests (the collector splits below them). */
  readonly maxRequests: number;
  readonly maxBytes: number;
  /** A GET under the base URL that a server with this batch API answers (with 200, or 401 without a key), and one without it with 404. */
  readonly probePath: string;
  /** The size a line adds to a batch, in the API's encoding (the JSONL line or the inline request). */
  lineBytes(line: BatchLine): number;
  /** Creates the batch; returns the provider's id of it. `label` names it in the provider's console. */
  submit(http: BatchHttp, model: string, lines: BatchLine[], label: string): Promise<string>;
  poll(http: BatchHttp, batchId: string): Promise<BatchPoll>;
  /**
   * The results of a finished batch by custom id. `customIds` are the batch's ids in submission order (Gemini
   * answers inline in order). Throws an error naming the batch when a results file is malformed.
   */
  results(http: BatchHttp, batchId: string, poll: BatchPoll, customIds: readonly string[]): Promise<Map<string, BatchLineResult>>;
  cancel(http: BatchHttp, batchId: string): Promise<void>;
}
