/**
 * Anthropic's Message Batches. POST {base}/v1/messages/batches `{requests: [{custom_id, params}]}` with the
 * params of a non-streamed Messages call (custom ids match ^[a-zA-Z0-9_-]{1,64}$: the cache key's 64 hex
 * digits fit); GET {base}/v1/messages/batches/{id} polls (processing_status in_progress → ended, or canceling;
 * request_counts processing/succeeded/errored/canceled/expired; results_url once ended); the results are
 * JSONL at results_url, one `{custom_id, result: {type: succeeded|errored|canceled|expired, message|error}}`
 * per request, in any order. POST …/{id}/cancel cancels. Limits: 100,000 requests and 256 MB per batch.
 */
import { ANTHROPIC_VERSION, anthropicBody } from "../anthropic";
import { isObject } from "../protocol";
import type { BatchHttp } from "./batchHttp";
import type { BatchLine, BatchLineResult, BatchPoll, BatchProtocol, BatchState } from "./batchTypes";
import { jsonLines, replyResult } from "./lineResult";

export function anthropicHeaders(apiKey: string | undefined): Record<string, string> {
  return { "anthropic-version": ANTHROPIC_VERSION, ...(apiKey ? { "x-api-key": apiKey } : {}) };
}

function requestOf(line: BatchLine): Record<string, unknown> {
  const params = anthropicBody(line.request);
  delete params.stream;
  return { custom_id: line.customId, params };
}

function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

/** An errored request: an invalid one fails as it would live; overloaded or API errors may pass later. */
function erroredResult(error: unknown): BatchLineResult {
  const inner = isObject(error) && isObject(error.error) ? error.error : isObject(error) ? error : {};
  const type = typeof inner.type === "string" ? inner.type : "error";
  const message = `${type}: ${typeof inner.message === "string" ? inner.message : "no message"}`;
  return { ok: false, error: message, requeue: type !== "invalid_request_error" && type !== "authentication_error" && type !== "permission_error" };
}

function resultOf(result: unknown): BatchLineResult {
  if (!isObject(result)) return { ok: false, error: "the result line has no result", requeue: true };
  if (result.type === "errored") return erroredResult(result.error);
  if (result.type === "canceled" || result.type === "expired") return { ok: false, error: `the request was ${result.type} before it ran`, requeue: true };
  const m = isObject(result.message) ? result.message : undefined;
  if (result.type !== "succeeded" || !m || !Array.isArray(m.content)) return { ok: false, error: `an unknown result type ${JSON.stringify(result.type)}`, requeue: true };
  const text = m.content
    .filter(isObject)
    .filter((b) => b.type === "text" && typeof b.text === "string")
    .map((b) => b.text as string)
    .join("");
  const u = isObject(m.usage) ? m.usage : undefined;
  return replyResult("anthropic", {
    text,
    usage: u ? { inputTokens: num(u.input_tokens), outputTokens: num(u.output_tokens) } : undefined,
    model: typeof m.model === "string" ? m.model : undefined,
    stopReason: typeof m.stop_reason === "string" ? m.stop_reason : undefined,
    stopField: "stop_reason",
  });
}

function stateOf(status: unknown, c: Record<string, unknown>): BatchState {
  if (status === "in_progress") return "in_progress";
  if (status === "canceling") return "cancelling";
  if (status !== "ended") throw new Error(`an unknown processing_status ${JSON.stringify(status)}`);
  const ran = num(c.succeeded) + num(c.errored);
  if (ran > 0) return "completed";
  return num(c.canceled) > 0 ? "cancelled" : num(c.expired) > 0 ? "expired" : "completed";
}

export const anthropicBatch: BatchProtocol = {
  kind: "anthropic",
  maxRequests: 100_000,
  maxBytes: 250 * 1024 * 1024,
  probePath: "v1/messages/batches?limit=1",
  lineBytes: (line) => Buffer.byteLength(JSON.stringify(requestOf(line))) + 1,

  async submit(http: BatchHttp, _model: string, lines: BatchLine[]): Promise<string> {
    const b = await http.json("POST", "v1/messages/batches", { requests: lines.map(requestOf) });
    if (!isObject(b) || typeof b.id !== "string") throw new Error("creating the batch answered without an id");
    return b.id;
  },

  async poll(http: BatchHttp, batchId: string): Promise<BatchPoll> {
    const b = await http.json("GET", `v1/messages/batches/${encodeURIComponent(batchId)}`);
    if (!isObject(b)) throw new Error(`batch ${batchId}: the poll answered without a batch`);
    const c = isObject(b.request_counts) ? b.request_counts : {};
    let state: BatchState;
    try {
      state = stateOf(b.processing_status, c);
    } catch (e) {
      throw new Error(`batch ${batchId}: ${(e as Error).message}`);
    }
    const total = num(c.processing) + num(c.succeeded) + num(c.errored) + num(c.canceled) + num(c.expired);
    return {
      state,
      counts: { total, succeeded: num(c.succeeded), failed: num(c.errored) + num(c.canceled) + num(c.expired) },
      results: typeof b.results_url === "string" ? b.results_url : undefined,
    };
  },

  async results(http: BatchHttp, batchId: string, poll: BatchPoll): Promise<Map<string, BatchLineResult>> {
    const out = new Map<string, BatchLineResult>();
    const url = typeof poll.results === "string" ? poll.results : `v1/messages/batches/${encodeURIComponent(batchId)}/results`;
    for (const line of jsonLines(await http.text("GET", url), batchId, "results file")) {
      if (!isObject(line) || typeof line.custom_id !== "string") throw new Error(`batch ${batchId}: the results file is malformed: a line has no custom_id`);
      out.set(line.custom_id, resultOf(line.result));
    }
    return out;
  },

  async cancel(http: BatchHttp, batchId: string): Promise<void> {
    await http.json("POST", `v1/messages/batches/${encodeURIComponent(batchId)}/cancel`);
  },
};
