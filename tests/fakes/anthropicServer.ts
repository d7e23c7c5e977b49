/**
 * A real HTTP fake of the Anthropic Messages API on 127.0.0.1.
 *
 *   const s = await startFakeAnthropic({ latencyMs?, streamChunkDelayMs?, reply?, faults?, retryAfterSeconds?,
 *                                        models?, apiKey?, port? });
 *   s.url          // "http://127.0.0.1:PORT"  (no path, like https://api.anthropic.com) → ModelConfig.baseUrl
 *   s.port, s.requests, s.calls, s.inFlight, s.maxInFlight, await s.close()   — as in ./openaiServer.ts
 *
 * Routes: POST /v1/messages — SSE (when "stream": true) with message_start, content_block_start, ping,
 * content_block_delta (text_delta) per piece, content_block_stop, message_delta (stop_reason, usage) and
 * message_stop; a single message object otherwise. GET /v1/models — {data: [{type, id, display_name}]}.
 * Requests without an anthropic-version header get 400, as from the real API; with `apiKey` set, requests
 * without "x-api-key: <apiKey>" get 401. Errors use {type: "error", error: {type, message}}.
 * reply/faults as in ./openaiServer.ts; the default reply is defaultFakeReply() of ./fakeHttp.ts.
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
import { anthropicRefusal } from "./apiRules";

export type { FakeServer, FakeReply, FaultKind, RecordedRequest } from "./fakeHttp";

export interface FakeAnthropicOptions extends FakeServerOptions {
  models?: string[];
  apiKey?: string;
}

type Block = { type: string; text?: string };

export function anthropicMessages(body: { system?: string; messages?: { role: string; content: string | Block[] }[] }): NeutralMessage[] {
  const out: NeutralMessage[] = body?.system ? [{ role: "system", text: body.system, images: 0 }] : [];
  for (const m of body?.messages ?? []) {
    if (typeof m.content === "string") out.push({ role: m.role, text: m.content, images: 0 });
    else {
      const blocks = Array.isArray(m.content) ? m.content : [];
      out.push({ role: m.role, text: blocks.filter((b) => b.type === "text").map((b) => b.text ?? "").join("\n"), images: blocks.filter((b) => b.type === "image").length });
    }
  }
  return out;
}

const errorBody = (message: string, type: string) => ({ type: "error", error: { type, message } });

export async function startFakeAnthropic(opts: FakeAnthropicOptions = {}): Promise<FakeServer> {
  const models = opts.models ?? ["claude-fake-1", "claude-fake-vision"];
  const isChat = (r: RecordedRequest) => r.method === "POST" && r.path.split("?")[0] === "/v1/messages";
  const checkHeaders = (rec: RecordedRequest, res: ServerResponse) => {
    if (!rec.headers["anthropic-version"]) {
      sendJson(res, 400, errorBody("anthropic-version: header is required", "invalid_request_error"));
      return false;
    }
    if (opts.apiKey && rec.headers["x-api-key"] !== opts.apiKey) {
      sendJson(res, 401, errorBody("invalid x-api-key", "authentication_error"));
      return false;
    }
    return true;
  };

  return startFakeHttp(
    opts,
    "",
    isChat,
    async (rec, res, fault) => {
      if (rec.method === "GET" && rec.path.split("?")[0] === "/v1/models") {
        if (checkHeaders(rec, res)) sendJson(res, 200, { data: models.map((id) => ({ type: "model", id, display_name: `Fake ${id}`, created_at: "2025-01-01T00:00:00Z" })), has_more: false });
        return true;
      }
      if (!isChat(rec)) return false;
      if (!checkHeaders(rec, res)) return true;
      const body = rec.body ?? {};
      const refused = anthropicRefusal(body);
      if (refused) {
        sendJson(res, 400, errorBody(refused, "invalid_request_error"));
        return true;
      }
      const model: string = body.model ?? "claude-fake-1";
      const stream = body.stream === true;
      if (fault === "malformed" || fault === "empty") {
        res.writeHead(200, { "content-type": stream ? "text/event-stream" : "application/json" });
        res.end(fault === "empty" ? "" : stream ? 'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"te\n\n' : '{"content":[');
        return true;
      }
      const msgs = anthropicMessages(body);
      const raw = opts.reply ? await opts.reply(rec) : defaultFakeReply(model, msgs);
      const { text, usage, stopReason: given } = normaliseReply(raw, msgs.map((m) => m.text).join("\n"));
      const stopReason = given ?? "end_turn";
      const id = `msg_fake_${rec.at}`;
      if (!stream) {
        sendJson(res, 200, {
          id, type: "message", role: "assistant", model, content: [{ type: "text", text }], stop_reason: stopReason, stop_sequence: null,
          usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
        });
        return true;
      }
      const ev = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
      const chunks = [
        ev("message_start", { message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, usage: { input_tokens: usage.inputTokens, output_tokens: 1 } } }),
        ev("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
        ev("ping", {}),
        ...(fault === "cut" ? cutPieces(text) : streamPieces(text)).map((piece) => ev("content_block_delta", { index: 0, delta: { type: "text_delta", text: piece } })),
      ];
      if (fault !== "cut") {
        chunks.push(
          ev("content_block_stop", { index: 0 }),
          ev("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.outputTokens } }),
          ev("message_stop", {}),
        );
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      await writeChunks(res, chunks, opts.streamChunkDelayMs);
      return true;
    },
    errorBody,
  );
}
