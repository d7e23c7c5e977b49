/**
 * A fake of Anthropic's Message Batches on 127.0.0.1: POST /v1/messages/batches {requests: [{custom_id,
 * params}]}, GET /v1/messages/batches/{id}, GET /v1/messages/batches/{id}/results (JSONL, results_url),
 * POST /v1/messages/batches/{id}/cancel. Checks the real API's shapes (x-api-key, anthropic-version,
 * custom_id ^[a-zA-Z0-9_-]{1,64}$ and unique, params with model, max_tokens and messages, no stream); a broken
 * rule is answered 400 naming it. No /v1/messages route: a live call is a 404 and shows in `requests`.
 */
import type { ServerResponse } from "node:http";
import { sendJson, type FakeServer, type RecordedRequest } from "../fakeHttp";
import { anthropicMessages } from "../anthropicServer";
import { BatchBook, need, startBatchFake, type BatchBookOptions, type FakeBatch, type FakeBatchRequest, type FakeLineResult } from "./batchBook";

export interface FakeAnthropicBatch extends FakeServer {
  book: BatchBook;
}

const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const errorBody = (message: string, type: string) => ({ type: "error", error: { type, message } });

function parseRequests(body: any): FakeBatchRequest[] {
  need(body && Array.isArray(body.requests) && body.requests.length > 0, "requests must be a non-empty array");
  const seen = new Set<string>();
  return body.requests.map((r: any, i: number) => {
    need(typeof r.custom_id === "string" && CUSTOM_ID.test(r.custom_id), `requests[${i}].custom_id must match ^[a-zA-Z0-9_-]{1,64}$`);
    need(!seen.has(r.custom_id), `requests[${i}]: duplicate custom_id ${r.custom_id}`);
    seen.add(r.custom_id);
    const p = r.params;
    need(p && typeof p.model === "string" && typeof p.max_tokens === "number" && Array.isArray(p.messages), `requests[${i}].params needs model, max_tokens and messages`);
    need(p.stream === undefined, `requests[${i}].params: batch requests cannot stream`);
    return { customId: r.custom_id, body: p, model: p.model, messages: anthropicMessages(p), json: false };
  });
}

function resultLine(customId: string, r: FakeLineResult, model: string): unknown {
  if (r.kind === "ok") {
    return {
      custom_id: customId,
      result: {
        type: "succeeded",
        message: {
          id: `msg_${customId.slice(0, 8)}`,
          type: "message",
          role: "assistant",
          model,
          content: [{ type: "text", text: r.text }],
          stop_reason: r.stopReason ?? "end_turn",
          stop_sequence: null,
          usage: { input_tokens: r.usage.inputTokens, output_tokens: r.usage.outputTokens },
        },
      },
    };
  }
  if (r.kind === "error") return { custom_id: customId, result: { type: "errored", error: errorBody(r.message, r.status >= 500 ? "api_error" : "invalid_request_error") } };
  return { custom_id: customId, result: { type: r.kind === "expired" ? "expired" : "canceled" } };
}

export async function startFakeAnthropicBatch(opts: BatchBookOptions & { apiKey?: string } = {}): Promise<FakeAnthropicBatch> {
  const book = new BatchBook(opts, "msgbatch_fake");
  let base = "";

  const batchJson = (b: FakeBatch) => {
    const results = b.results ? [...b.results.values()] : [];
    const count = (kind: FakeLineResult["kind"]) => results.filter((r) => r.kind === kind).length;
    const ended = b.results !== undefined;
    return {
      id: b.id,
      type: "message_batch",
      processing_status: ended ? "ended" : b.state === "cancelling" ? "canceling" : "in_progress",
      request_counts: { processing: ended ? 0 : b.requests.length, succeeded: count("ok"), errored: count("error"), canceled: count("cancelled"), expired: count("expired") },
      created_at: new Date(b.createdAt * 1000).toISOString(),
      results_url: ended ? `${base}/v1/messages/batches/${b.id}/results` : null,
    };
  };

  const route = async (rec: RecordedRequest, res: ServerResponse): Promise<boolean> => {
    const path = rec.path.split("?")[0];
    need(rec.headers["anthropic-version"] === "2023-06-01", "the anthropic-version header must be 2023-06-01");
    if (opts.apiKey && rec.headers["x-api-key"] !== opts.apiKey) {
      sendJson(res, 401, errorBody("fake: invalid x-api-key", "authentication_error"));
      return true;
    }
    if (rec.method === "POST" && path === "/v1/messages/batches") {
      sendJson(res, 200, batchJson(book.create(parseRequests(rec.body))));
      return true;
    }
    if (rec.method === "GET" && path === "/v1/messages/batches") {
      sendJson(res, 200, { data: [...book.batches.values()].map(batchJson), has_more: false, first_id: null, last_id: null });
      return true;
    }
    let m = /^\/v1\/messages\/batches\/([^/]+)$/.exec(path);
    if (rec.method === "GET" && m) {
      const b = book.poll(decodeURIComponent(m[1]));
      if (b) sendJson(res, 200, batchJson(b));
      else sendJson(res, 404, errorBody("fake: no such batch", "not_found_error"));
      return true;
    }
    m = /^\/v1\/messages\/batches\/([^/]+)\/cancel$/.exec(path);
    if (rec.method === "POST" && m) {
      const b = book.cancel(decodeURIComponent(m[1]));
      if (b) sendJson(res, 200, batchJson(b));
      else sendJson(res, 404, errorBody("fake: no such batch", "not_found_error"));
      return true;
    }
    m = /^\/v1\/messages\/batches\/([^/]+)\/results$/.exec(path);
    if (rec.method === "GET" && m) {
      const b = book.batches.get(decodeURIComponent(m[1]));
      if (!b?.results) return false;
      res.writeHead(200, { "content-type": "application/binary" });
      // In any order, as the API says: reversed, so a client that relies on the order fails.
      const text = [...b.requests].reverse().map((r) => JSON.stringify(resultLine(r.customId, b.results!.get(r.customId)!, r.model))).join("\n") + "\n";
      res.end(opts.malformedResults ? `${text}{"custom_id": "x", "resu\n` : text);
      return true;
    }
    return false;
  };

  const server = await startBatchFake("", route, errorBody, "invalid_request_error");
  base = server.url;
  return Object.assign(server, { book });
}
