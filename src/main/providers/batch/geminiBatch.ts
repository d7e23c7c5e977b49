/**
 * Gemini's batch mode, with inline requests. POST {base}/v1beta/models/{model}:batchGenerateContent
 * `{batch: {displayName, inputConfig: {requests: {requests: [{request, metadata: {key}}]}}}}` with the body of
 * a generateContent call; it answers with an Operation named `batches/{id}`. GET {base}/v1beta/batches/{id}
 * polls it: metadata.state BATCH_STATE_PENDING → RUNNING → SUCCEEDED (or FAILED, CANCELLED, EXPIRED); when done
 * the responses are inline (`response.inlinedResponses.inlinedResponses`, or the batch's
 * `output.inlinedResponses`), each `{response | error, metadata}`, in the order of the requests (the metadata
 * is not always echoed, so the order maps them). POST {base}/v1beta/batches/{id}:cancel cancels. Inline
 * requests are limited to 20 MB per batch.
 */
import { geminiBody, geminiModelId } from "../gemini";
import { isObject } from "../protocol";
import type { BatchHttp } from "./batchHttp";
import type { BatchLine, BatchLineResult, BatchPoll, BatchProtocol, BatchState } from "./batchTypes";
import { replyResult, statusResult } from "./lineResult";

const STATES: Record<string, BatchState> = {
  BATCH_STATE_PENDING: "validating",
  BATCH_STATE_RUNNING: "in_progress",
  BATCH_STATE_SUCCEEDED: "completed",
  BATCH_STATE_FAILED: "failed",
  BATCH_STATE_CANCELLED: "cancelled",
  BATCH_STATE_EXPIRED: "expired",
};

export function geminiHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { "x-goog-api-key": apiKey } : {};
}

function requestOf(line: BatchLine): Record<string, unknown> {
  return { request: geminiBody(line.request), metadata: { key: line.customId } };
}

/** "batches/abc" and "abc" name the same batch. */
function batchPath(batchId: string): string {
  return `v1beta/batches/${encodeURIComponent(batchId.replace(/^batches\//, ""))}`;
}

function num(v: unknown): number {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : 0;
}

/**
 * google.rpc codes after which the request may pass another time: CANCELLED, DEADLINE_EXCEEDED,
 * RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE. Others (INVALID_ARGUMENT, PERMISSION_DENIED, …) fail.
 */
const TRANSIENT_RPC_CODES: ReadonlySet<number> = new Set([1, 4, 8, 10, 13, 14]);

function errorResult(e: Record<string, unknown>): BatchLineResult {
  const code = num(e.code);
  const message = `${String(e.status ?? `code ${code}`)}: ${String(e.message ?? "no message")}`;
  if (code >= 100) return statusResult(code, message); // an HTTP status rather than a google.rpc code
  return { ok: false, error: message, requeue: TRANSIENT_RPC_CODES.has(code) };
}

function responseResult(r: Record<string, unknown>): BatchLineResult {
  if (isObject(r.error)) return errorResult(r.error);
  const resp = isObject(r.response) ? r.response : undefined;
  if (!resp) return { ok: false, error: "the result has neither response nor error", requeue: true };
  const feedback = isObject(resp.promptFeedback) ? resp.promptFeedback : {};
  if (typeof feedback.blockReason === "string") return { ok: false, error: `the prompt was blocked by the API (promptFeedback.blockReason: ${feedback.blockReason})`, requeue: false };
  const cand = Array.isArray(resp.candidates) && isObject(resp.candidates[0]) ? resp.candidates[0] : undefined;
  const parts = isObject(cand?.content) && Array.isArray(cand.content.parts) ? cand.content.parts.filter(isObject) : [];
  const text = parts
    .filter((p) => typeof p.text === "string" && p.thought !== true)
    .map((p) => p.text as string)
    .join("");
  const u = isObject(resp.usageMetadata) ? resp.usageMetadata : undefined;
  return replyResult("gemini", {
    text,
    usage: u ? { inputTokens: num(u.promptTokenCount), outputTokens: num(u.candidatesTokenCount) + num(u.thoughtsTokenCount) } : undefined,
    model: typeof resp.modelVersion === "string" ? resp.modelVersion : undefined,
    stopReason: typeof cand?.finishReason === "string" ? cand.finishReason : undefined,
    stopField: "finishReason",
  });
}

function inlined(op: Record<string, unknown>): unknown[] | undefined {
  const fromResponse = isObject(op.response) && isObject(op.response.inlinedResponses) ? op.response.inlinedResponses.inlinedResponses : undefined;
  if (Array.isArray(fromResponse)) return fromResponse;
  const meta = isObject(op.metadata) ? op.metadata : {};
  const fromOutput = isObject(meta.output) && isObject(meta.output.inlinedResponses) ? meta.output.inlinedResponses.inlinedResponses : undefined;
  return Array.isArray(fromOutput) ? fromOutput : undefined;
}

export const geminiBatch: BatchProtocol = {
  kind: "gemini",
  maxRequests: 50_000,
  maxBytes: 19 * 1024 * 1024,
  probePath: "v1beta/batches?pageSize=1",
  lineBytes: (line) => Buffer.byteLength(JSON.stringify(requestOf(line))) + 1,

  async submit(http: BatchHttp, model: string, lines: BatchLine[], label: string): Promise<string> {
    const path = `v1beta/models/${encodeURIComponent(geminiModelId(model))}:batchGenerateContent`;
    const op = await http.json("POST", path, { batch: { displayName: label, inputConfig: { requests: { requests: lines.map(requestOf) } } } });
    const name = isObject(op) ? (typeof op.name === "string" ? op.name : isObject(op.metadata) && typeof op.metadata.name === "string" ? op.metadata.name : undefined) : undefined;
    if (!name) throw new Error("creating the batch answered without a name");
    return name;
  },

  async poll(http: BatchHttp, batchId: string): Promise<BatchPoll> {
    const op = await http.json("GET", batchPath(batchId));
    if (!isObject(op)) throw new Error(`batch ${batchId}: the poll answered without an operation`);
    const meta = isObject(op.metadata) ? op.metadata : {};
    const state = typeof meta.state === "string" ? STATES[meta.state] : undefined;
    if (!state) throw new Error(`batch ${batchId}: the poll answered without a known state (${JSON.stringify(meta.state)})`);
    const s = isObject(meta.batchStats) ? meta.batchStats : {};
    const poll: BatchPoll = {
      state,
      counts: { total: num(s.requestCount), succeeded: num(s.successfulRequestCount), failed: num(s.failedRequestCount) },
      results: op,
    };
    if (isObject(op.error)) poll.error = String(op.error.message ?? op.error.code);
    return poll;
  },

  async results(_http: BatchHttp, batchId: string, poll: BatchPoll, customIds: readonly string[]): Promise<Map<string, BatchLineResult>> {
    const out = new Map<string, BatchLineResult>();
    const op = isObject(poll.results) ? poll.results : {};
    const list = inlined(op);
    if (!list) {
      if (poll.state === "completed") throw new Error(`batch ${batchId}: the finished batch has no inlinedResponses`);
      return out;
    }
    if (list.length > customIds.length) throw new Error(`batch ${batchId}: ${list.length} responses for ${customIds.length} requests`);
    list.forEach((r, i) => {
      if (!isObject(r)) throw new Error(`batch ${batchId}: response ${i + 1} is not an object`);
      const key = isObject(r.metadata) && typeof r.metadata.key === "string" ? r.metadata.key : customIds[i];
      out.set(key, responseResult(r));
    });
    return out;
  },

  async cancel(http: BatchHttp, batchId: string): Promise<void> {
    await http.json("POST", `${batchPath(batchId)}:cancel`);
  },
};
