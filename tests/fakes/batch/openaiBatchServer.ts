/**
 * A fake of OpenAI's Batch API on 127.0.0.1 (routes under /v1): POST /files (multipart: purpose "batch",
 * file = JSONL of {custom_id, method: "POST", url: "/v1/chat/completions", body}), POST /batches
 * {input_file_id, endpoint: "/v1/chat/completions", completion_window: "24h"}, GET /batches/{id},
 * POST /batches/{id}/cancel, GET /files/{id}/content (output and error files). Every rule of the real API's
 * request shapes is checked; a broken one is answered 400 naming it. No /chat/completions route: a live call
 * is a 404 and shows in `requests`.
 */
import type { ServerResponse } from "node:http";
import { sendJson, type FakeServer, type RecordedRequest } from "../fakeHttp";
import { openaiMessages } from "../openaiServer";
import { BatchBook, need, ShapeError, startBatchFake, type BatchBookOptions, type FakeBatch, type FakeBatchRequest, type FakeLineResult } from "./batchBook";

export interface FakeOpenAIBatch extends FakeServer {
  book: BatchBook;
}

async function multipart(rec: RecordedRequest): Promise<FormData> {
  const type = String(rec.headers["content-type"] ?? "");
  need(type.startsWith("multipart/form-data"), `POST /files must be multipart/form-data (got ${type || "none"})`);
  return new Request("http://fake/", { method: "POST", headers: { "content-type": type }, body: typeof rec.body === "string" ? rec.body : JSON.stringify(rec.body) }).formData();
}

function parseLines(jsonl: string): FakeBatchRequest[] {
  const seen = new Set<string>();
  const out: FakeBatchRequest[] = [];
  jsonl.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let j: any;
    try {
      j = JSON.parse(line);
    } catch {
      throw new ShapeError(`line ${i + 1} is not JSON`);
    }
    need(typeof j.custom_id === "string" && j.custom_id, `line ${i + 1}: custom_id must be a non-empty string`);
    need(!seen.has(j.custom_id), `line ${i + 1}: duplicate custom_id ${j.custom_id}`);
    seen.add(j.custom_id);
    need(j.method === "POST", `line ${i + 1}: method must be POST`);
    need(j.url === "/v1/chat/completions", `line ${i + 1}: url must be /v1/chat/completions`);
    need(j.body && typeof j.body.model === "string" && Array.isArray(j.body.messages), `line ${i + 1}: body needs model and messages`);
    need(j.body.stream === undefined && j.body.stream_options === undefined, `line ${i + 1}: batch requests cannot stream`);
    out.push({ customId: j.custom_id, body: j.body, model: j.body.model, messages: openaiMessages(j.body), json: j.body.response_format?.type === "json_object" });
  });
  need(out.length > 0, "the file has no requests");
  const models = new Set(out.map((r) => r.model));
  need(models.size === 1, `a batch file must use one model (got ${[...models].join(", ")})`);
  return out;
}

function lineOf(customId: string, r: FakeLineResult, model: string): { ok: boolean; line: unknown } {
  if (r.kind === "ok") {
    const body = {
      id: `chatcmpl-${customId.slice(0, 8)}`,
      object: "chat.completion",
      model,
      choices: [{ index: 0, message: { role: "assistant", content: r.text }, finish_reason: r.stopReason ?? "stop" }],
      usage: { prompt_tokens: r.usage.inputTokens, completion_tokens: r.usage.outputTokens, total_tokens: r.usage.inputTokens + r.usage.outputTokens },
    };
    return { ok: true, line: { id: `req-${customId.slice(0, 8)}`, custom_id: customId, response: { status_code: 200, request_id: "r", body }, error: null } };
  }
  if (r.kind === "error") return { ok: false, line: { id: "req", custom_id: customId, response: { status_code: r.status, request_id: "r", body: { error: { message: r.message, type: "server_error" } } }, error: null } };
  const code = r.kind === "expired" ? "batch_expired" : "batch_cancelled";
  return { ok: false, line: { id: "req", custom_id: customId, response: null, error: { code, message: `This request could not be executed before the batch was ${r.kind}.` } } };
}

export async function startFakeOpenAIBatch(opts: BatchBookOptions & { apiKey?: string } = {}): Promise<FakeOpenAIBatch> {
  const book = new BatchBook(opts, "batch_fake");
  const files = new Map<string, string>();
  let nextFile = 1;

  const batchJson = (b: FakeBatch) => {
    const results = b.results ? [...b.results.values()] : [];
    const failed = results.filter((r) => r.kind !== "ok").length;
    return {
      id: b.id,
      object: "batch",
      endpoint: "/v1/chat/completions",
      input_file_id: `file-in-${b.id}`,
      completion_window: "24h",
      status: b.state,
      output_file_id: b.results ? `file-out-${b.id}` : null,
      error_file_id: b.results && failed ? `file-err-${b.id}` : null,
      created_at: b.createdAt,
      request_counts: { total: b.requests.length, completed: results.length - failed, failed },
      ...(b.state === "failed" ? { errors: { object: "list", data: [{ code: "invalid", message: "fake: the batch failed validation", line: 1 }] } } : {}),
    };
  };

  const route = async (rec: RecordedRequest, res: ServerResponse): Promise<boolean> => {
    const path = rec.path.split("?")[0];
    if (opts.apiKey && rec.headers.authorization !== `Bearer ${opts.apiKey}`) {
      sendJson(res, 401, { error: { message: "fake: incorrect API key provided", type: "invalid_request_error" } });
      return true;
    }
    if (rec.method === "POST" && path === "/v1/files") {
      const form = await multipart(rec);
      need(form.get("purpose") === "batch", `purpose must be "batch" (got ${String(form.get("purpose"))})`);
      const file = form.get("file");
      need(file instanceof Blob, "file must be a file part");
      const id = `file-${nextFile++}`;
      files.set(id, await file.text());
      sendJson(res, 200, { id, object: "file", purpose: "batch", bytes: file.size, filename: (file as File).name });
      return true;
    }
    if (rec.method === "POST" && path === "/v1/batches") {
      const b = rec.body ?? {};
      need(typeof b.input_file_id === "string" && files.has(b.input_file_id), "input_file_id must name an uploaded file");
      need(b.endpoint === "/v1/chat/completions", "endpoint must be /v1/chat/completions");
      need(b.completion_window === "24h", "completion_window must be 24h");
      sendJson(res, 200, batchJson(book.create(parseLines(files.get(b.input_file_id)!))));
      return true;
    }
    if (rec.method === "GET" && path === "/v1/batches") {
      sendJson(res, 200, { object: "list", data: [...book.batches.values()].map(batchJson), has_more: false });
      return true;
    }
    let m = /^\/v1\/batches\/([^/]+)$/.exec(path);
    if (rec.method === "GET" && m) {
      const b = book.poll(decodeURIComponent(m[1]));
      if (b) sendJson(res, 200, batchJson(b));
      else sendJson(res, 404, { error: { message: `No batch found with id '${m[1]}'.`, type: "invalid_request_error" } });
      return true;
    }
    m = /^\/v1\/batches\/([^/]+)\/cancel$/.exec(path);
    if (rec.method === "POST" && m) {
      const b = book.cancel(decodeURIComponent(m[1]));
      if (b) sendJson(res, 200, batchJson(b));
      else sendJson(res, 404, { error: { message: "no such batch", type: "invalid_request_error" } });
      return true;
    }
    m = /^\/v1\/files\/file-(out|err)-([^/]+)\/content$/.exec(path);
    if (rec.method === "GET" && m) {
      const b = book.batches.get(decodeURIComponent(m[2]));
      if (!b?.results) return false;
      const lines = b.requests.map((r) => lineOf(r.customId, b.results!.get(r.customId)!, r.model)).filter((l) => l.ok === (m![1] === "out"));
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const text = lines.map((l) => JSON.stringify(l.line)).join("\n") + (lines.length ? "\n" : "");
      res.end(opts.malformedResults ? `${text}{"custom_id": "x", "respo\n` : text);
      return true;
    }
    return false;
  };

  const server = await startBatchFake("/v1", route, (message: string, type: string) => ({ error: { message, type } }), "invalid_request_error");
  return Object.assign(server, { book });
}
