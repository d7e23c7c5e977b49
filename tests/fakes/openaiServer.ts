/**
 * A real HTTP fake of an OpenAI-compatible server (OpenAI, vLLM, llama.cpp server, LM Studio) on 127.0.0.1.
 *
 *   const s = await startFakeOpenAI({ latencyMs?, streamChunkDelayMs?, reply?, faults?, retryAfterSeconds?,
 *                                     models?, apiKey?, port? });
 *   s.url          // "http://127.0.0.1:PORT/v1"  → ModelConfig.baseUrl
 *   s.port
 *   s.requests     // RecordedRequest[]: { method, path, headers, body (parsed JSON), at } of EVERY request
 *   s.calls        // number of POST /v1/chat/completions received (faulted ones included)
 *   s.inFlight / s.maxInFlight   // concurrent chat requests now / at most so far
 *   await s.close()
 *
 * Routes: POST /v1/chat/completions (stream and non-stream; stream_options.include_usage adds a usage chunk;
 * then "data: [DONE]"), GET /v1/models (ids from `models`, default ["fake-model", "fake-vision"]).
 * reply(req) → string | { text, usage?: { inputTokens, outputTokens } }; default: defaultFakeReply() of
 * ./fakeHttp.ts (deterministic per model + last user message; "yes"/"no" when the prompt says "answer only"
 * or "final answer"; JSON when response_format.type is "json_object").
 * faults(n, req) → "429" | "500" | "400" | "malformed" | "empty" | "hang" | "reset" | null, n = 1-based chat
 * call number. "429" carries Retry-After: retryAfterSeconds (default 1). See FaultKind in ./fakeHttp.ts.
 * apiKey: when set, chat and models requests without "Authorization: Bearer <apiKey>" get 401.
 * The server is unref()'d: it never keeps a test process alive; close() also drops hung connections.
 */
import type { ServerResponse } from "node:http";
import {
  cutPieces,
  defaultFakeReply,
  normaliseReply,
  sendJson,
  startFakeHttp,
  streamPieces,
  writeChunks,
  type FakeServer,
  type FakeServerOptions,
  type NeutralMessage,
  type RecordedRequest,
} from "./fakeHttp";
import { openaiRefusal } from "./apiRules";

export type { FakeServer, FakeReply, FaultKind, RecordedRequest } from "./fakeHttp";
export { defaultFakeReply } from "./fakeHttp";

export interface FakeOpenAIOptions extends FakeServerOptions {
  models?: string[];
  apiKey?: string;
}

interface OpenAIPart {
  type: string;
  text?: string;
  image_url?: { url: string };
}

/** The messages of an OpenAI chat body in neutral form (text joined, images counted). */
export function openaiMessages(body: { messages?: { role: string; content: string | OpenAIPart[] }[] }): NeutralMessage[] {
  return (body?.messages ?? []).map((m) => {
    if (typeof m.content === "string") return { role: m.role, text: m.content, images: 0 };
    const parts = Array.isArray(m.content) ? m.content : [];
    return {
      role: m.role,
      text: parts.filter((p) => p.type === "text").map((p) => p.text ?? "").join("\n"),
      images: parts.filter((p) => p.type === "image_url").length,
    };
  });
}

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeServer> {
  const models = opts.models ?? ["fake-model", "fake-vision"];
  const isChat = (r: RecordedRequest) => r.method === "POST" && r.path.split("?")[0] === "/v1/chat/completions";

  const authorised = (rec: RecordedRequest, res: ServerResponse) => {
    if (!opts.apiKey || rec.headers.authorization === `Bearer ${opts.apiKey}`) return true;
    sendJson(res, 401, { error: { message: "fake: incorrect API key provided", type: "invalid_request_error" } });
    return false;
  };

  return startFakeHttp(opts, "/v1", isChat, async (rec, res, fault) => {
    const path = rec.path.split("?")[0];
    if (rec.method === "GET" && path === "/v1/models") {
      if (authorised(rec, res)) sendJson(res, 200, { object: "list", data: models.map((id) => ({ id, object: "model", created: 0, owned_by: "fake" })) });
      return true;
    }
    if (!isChat(rec)) return false;
    if (!authorised(rec, res)) return true;
    const body = rec.body ?? {};
    const refused = openaiRefusal(body);
    if (refused) {
      sendJson(res, 400, { error: { message: refused, type: "invalid_request_error", param: null, code: "unsupported_parameter" } });
      return true;
    }
    const model: string = body.model ?? "fake-model";
    const stream = body.stream === true;
    const msgs = openaiMessages(body);
    const json = body.response_format?.type === "json_object";

    if (fault === "malformed") {
      if (stream) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.end('data: {"choices":[{"delta":{"content":"par\n\n');
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"choices":[{"message":');
      }
      return true;
    }
    if (fault === "empty") {
      res.writeHead(200, { "content-type": stream ? "text/event-stream" : "application/json" });
      res.end();
      return true;
    }

    const raw = opts.reply ? await opts.reply(rec) : defaultFakeReply(model, msgs, json);
    const { text, usage, stopReason } = normaliseReply(raw, msgs.map((m) => m.text).join("\n"));
    const finishReason = stopReason ?? "stop";
    const oaUsage = { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens };
    const id = `chatcmpl-fake-${rec.at}`;
    const created = Math.floor(rec.at / 1000);

    if (!stream) {
      sendJson(res, 200, {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: finishReason }],
        usage: oaUsage,
      });
      return true;
    }

    const chunk = (delta: object, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const chunks = [chunk({ role: "assistant", content: "" }, null)];
    for (const piece of fault === "cut" ? cutPieces(text) : streamPieces(text)) chunks.push(chunk({ content: piece }, null));
    if (fault === "cut") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      await writeChunks(res, chunks, opts.streamChunkDelayMs);
      return true;
    }
    chunks.push(chunk({}, finishReason));
    if (body.stream_options?.include_usage) {
      chunks.push(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage: oaUsage })}\n\n`);
    }
    chunks.push("data: [DONE]\n\n");
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    await writeChunks(res, chunks, opts.streamChunkDelayMs);
    return true;
  }, undefined, (seconds) => ({
    // Like api.openai.com: both headers (openai-node reads retry-after-ms first).
    headers: { "retry-after": String(Math.ceil(seconds)), "retry-after-ms": String(Math.round(seconds * 1000)) },
    body: { error: { message: "fake: Rate limit reached for requests", type: "requests", param: null, code: "rate_limit_exceeded" } },
  }));
}
