/**
 * A fake of Gemini's batch mode (inline requests) on 127.0.0.1: POST /v1beta/models/{model}:batchGenerateContent
 * {batch: {displayName, inputConfig: {requests: {requests: [{request, metadata: {key}}]}}}} → an Operation
 * named batches/{id}; GET /v1beta/batches/{id} → the Operation (metadata.state, batchStats; when done,
 * response.inlinedResponses.inlinedResponses in request order, without the metadata — the real API does not
 * always echo it); POST /v1beta/batches/{id}:cancel. Checks x-goog-api-key and the shapes; a broken rule is
 * answered 400 naming it.
 */
import type { ServerResponse } from "node:http";
import { sendJson, type FakeServer, type RecordedRequest } from "../fakeHttp";
import { geminiMessages } from "../geminiServer";
import { BatchBook, need, startBatchFake, type BatchBookOptions, type FakeBatch, type FakeBatchRequest, type FakeLineResult } from "./batchBook";

export interface FakeGeminiBatch extends FakeServer {
  book: BatchBook;
}

const STATE: Record<string, string> = {
  validating: "BATCH_STATE_PENDING",
  in_progress: "BATCH_STATE_RUNNING",
  cancelling: "BATCH_STATE_RUNNING",
  completed: "BATCH_STATE_SUCCEEDED",
  cancelled: "BATCH_STATE_CANCELLED",
  expired: "BATCH_STATE_EXPIRED",
  failed: "BATCH_STATE_FAILED",
};
const errorBody = (message: string, status: string) => ({ error: { code: status === "NOT_FOUND" ? 404 : 400, message, status } });

function parseRequests(model: string, body: any): FakeBatchRequest[] {
  const b = body?.batch;
  need(b && typeof b.displayName === "string" && b.displayName, "batch.displayName is required");
  const list = b.inputConfig?.requests?.requests;
  need(Array.isArray(list) && list.length > 0, "batch.inputConfig.requests.requests must be a non-empty array");
  return list.map((r: any, i: number) => {
    need(r.request && Array.isArray(r.request.contents), `requests[${i}].request needs contents`);
    need(typeof r.metadata?.key === "string", `requests[${i}].metadata.key must be a string`);
    return { customId: r.metadata.key, body: r.request, model, messages: geminiMessages(r.request), json: r.request.generationConfig?.responseMimeType === "application/json" };
  });
}

function responseOf(r: FakeLineResult, model: string): unknown {
  if (r.kind === "ok") {
    return {
      response: {
        candidates: [{ content: { role: "model", parts: [{ text: r.text }] }, finishReason: r.stopReason ?? "STOP" }],
        usageMetadata: { promptTokenCount: r.usage.inputTokens, candidatesTokenCount: r.usage.outputTokens },
        modelVersion: model,
      },
    };
  }
  // google.rpc.Status codes, as the API reports a request's failure.
  if (r.kind === "error") return { error: r.status >= 500 ? { code: 13, message: r.message, status: "INTERNAL" } : { code: 3, message: r.message, status: "INVALID_ARGUMENT" } };
  return { error: r.kind === "expired" ? { code: 4, message: "fake: the request expired", status: "DEADLINE_EXCEEDED" } : { code: 1, message: "fake: the request was cancelled", status: "CANCELLED" } };
}

export async function startFakeGeminiBatch(opts: BatchBookOptions & { apiKey?: string } = {}): Promise<FakeGeminiBatch> {
  const book = new BatchBook(opts, "fakebatch");

  const operation = (b: FakeBatch) => {
    const results = b.results ? b.requests.map((r) => b.results!.get(r.customId)!) : [];
    const ok = results.filter((r) => r.kind === "ok").length;
    const meta = {
      "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
      model: `models/${b.requests[0]?.model}`,
      name: `batches/${b.id}`,
      displayName: "x",
      state: STATE[b.state],
      batchStats: { requestCount: String(b.requests.length), successfulRequestCount: String(ok), failedRequestCount: String(results.length - ok), pendingRequestCount: String(b.requests.length - results.length) },
    };
    const done = b.results !== undefined;
    return {
      name: `batches/${b.id}`,
      metadata: meta,
      done,
      ...(done && b.state !== "failed"
        ? { response: { "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput", inlinedResponses: { inlinedResponses: results.map((r, i) => responseOf(r, b.requests[i].model)) } } }
        : {}),
      ...(b.state === "failed" ? { error: { code: 3, message: "fake: the batch failed" } } : {}),
    };
  };

  const route = async (rec: RecordedRequest, res: ServerResponse): Promise<boolean> => {
    const path = rec.path.split("?")[0];
    if (opts.apiKey && rec.headers["x-goog-api-key"] !== opts.apiKey) {
      sendJson(res, 403, errorBody("fake: API key not valid", "PERMISSION_DENIED"));
      return true;
    }
    if (rec.method === "GET" && path === "/v1beta/batches") {
      sendJson(res, 200, { operations: [...book.batches.values()].map(operation) });
      return true;
    }
    let m = /^\/v1beta\/models\/([^/:]+):batchGenerateContent$/.exec(path);
    if (rec.method === "POST" && m) {
      sendJson(res, 200, operation(book.create(parseRequests(decodeURIComponent(m[1]), rec.body))));
      return true;
    }
    m = /^\/v1beta\/batches\/([^/:]+):cancel$/.exec(path);
    if (rec.method === "POST" && m) {
      const b = book.cancel(decodeURIComponent(m[1]));
      if (b) sendJson(res, 200, {});
      else sendJson(res, 404, errorBody("fake: no such batch", "NOT_FOUND"));
      return true;
    }
    m = /^\/v1beta\/batches\/([^/:]+)$/.exec(path);
    if (rec.method === "GET" && m) {
      const b = book.poll(decodeURIComponent(m[1]));
      if (b) sendJson(res, 200, operation(b));
      else sendJson(res, 404, errorBody("fake: no such batch", "NOT_FOUND"));
      return true;
    }
    return false;
  };

  const server = await startBatchFake("", route, errorBody, "INVALID_ARGUMENT");
  return Object.assign(server, { book });
}
