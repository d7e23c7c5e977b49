/**
 * A real HTTP fake of the Google Gemini API (generativelanguage v1beta) on 127.0.0.1.
 *
 *   const s = await startFakeGemini({ latencyMs?, streamChunkDelayMs?, reply?, faults?, retryAfterSeconds?,
 *                                     models?, apiKey?, port? });
 *   s.url          // "http://127.0.0.1:PORT"  (no path) → ModelConfig.baseUrl
 *   s.port, s.requests, s.calls, s.inFlight, s.maxInFlight, await s.close()   — as in ./openaiServer.ts
 *
 * Routes: POST /v1beta/models/{model}:streamGenerateContent?alt=sse — one SSE event per piece, each a
 * GenerateContentResponse {candidates: [{content: {role: "model", parts: [{text}]}}], modelVersion}; the last
 * carries finishReason "STOP" and usageMetadata; no end sentinel. POST .../{model}:generateContent — one
 * response. GET /v1beta/models — {models: [{name: "models/<id>", displayName, supportedGenerationMethods}]}.
 * With `apiKey` set, requests without "x-goog-api-key: <apiKey>" get 403. Errors use {error: {code, message,
 * status}}. reply/faults as in ./openaiServer.ts; default reply defaultFakeReply() (JSON when
 * generationConfig.responseMimeType is application/json).
 */
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
import { geminiRefusal } from "./apiRules";

export type { FakeServer, FakeReply, FaultKind, RecordedRequest } from "./fakeHttp";

export interface FakeGeminiOptions extends FakeServerOptions {
  models?: string[];
  apiKey?: string;
}

type Part = { text?: string; inline_data?: unknown; inlineData?: unknown };

export function geminiMessages(body: { systemInstruction?: { parts?: Part[] }; contents?: { role?: string; parts?: Part[] }[] }): NeutralMessage[] {
  const sys = body?.systemInstruction?.parts?.map((p) => p.text ?? "").join("\n");
  const out: NeutralMessage[] = sys ? [{ role: "system", text: sys, images: 0 }] : [];
  for (const c of body?.contents ?? []) {
    const parts = c.parts ?? [];
    out.push({
      role: c.role === "model" ? "assistant" : "user",
      text: parts.filter((p) => typeof p.text === "string").map((p) => p.text).join("\n"),
      images: parts.filter((p) => p.inline_data || p.inlineData).length,
    });
  }
  return out;
}

const STATUS: Record<number, string> = { 400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL" };
const errorBody = (message: string, type: string) => {
  const code = type === "rate_limit_error" ? 429 : type === "invalid_request_error" ? 400 : type === "not_found" ? 404 : 500;
  return { error: { code, message, status: STATUS[code] } };
};
const CHAT_PATH = /^\/v1beta\/models\/([^/:]+):(streamGenerateContent|generateContent)$/;

export async function startFakeGemini(opts: FakeGeminiOptions = {}): Promise<FakeServer> {
  const models = opts.models ?? ["gemini-fake-flash", "gemini-fake-pro"];
  const isChat = (r: RecordedRequest) => r.method === "POST" && CHAT_PATH.test(r.path.split("?")[0]);
  const keyOk = (rec: RecordedRequest) => !opts.apiKey || rec.headers["x-goog-api-key"] === opts.apiKey;

  return startFakeHttp(
    opts,
    "",
    isChat,
    async (rec, res, fault) => {
      const [path, query = ""] = rec.path.split("?");
      if (!keyOk(rec)) {
        sendJson(res, 403, { error: { code: 403, message: "API key not valid. Please pass a valid API key.", status: "PERMISSION_DENIED" } });
        return true;
      }
      if (rec.method === "GET" && path === "/v1beta/models") {
        sendJson(res, 200, { models: models.map((id) => ({ name: `models/${id}`, displayName: `Fake ${id}`, supportedGenerationMethods: ["generateContent", "countTokens"] })) });
        return true;
      }
      const m = CHAT_PATH.exec(path);
      if (rec.method !== "POST" || !m) return false;
      const model = decodeURIComponent(m[1]);
      const stream = m[2] === "streamGenerateContent";
      const sse = stream && new URLSearchParams(query).get("alt") === "sse";
      const refused = geminiRefusal(rec.body ?? {});
      if (refused) {
        sendJson(res, 400, { error: { code: 400, message: refused, status: "INVALID_ARGUMENT" } });
        return true;
      }
      if (fault === "malformed" || fault === "empty") {
        res.writeHead(200, { "content-type": sse ? "text/event-stream" : "application/json" });
        res.end(fault === "empty" ? "" : sse ? 'data: {"candidates":[{"content":{"parts":[{"te\n\n' : '{"candidates":[');
        return true;
      }
      const body = rec.body ?? {};
      const msgs = geminiMessages(body);
      const json = body.generationConfig?.responseMimeType === "application/json";
      const raw = opts.reply ? await opts.reply(rec) : defaultFakeReply(model, msgs, json);
      const { text, usage, stopReason } = normaliseReply(raw, msgs.map((x) => x.text).join("\n"));
      const usageMetadata = { promptTokenCount: usage.inputTokens, candidatesTokenCount: usage.outputTokens, totalTokenCount: usage.inputTokens + usage.outputTokens };
      const response = (t: string, last: boolean) => ({
        candidates: [{ content: { role: "model", parts: [{ text: t }] }, index: 0, ...(last ? { finishReason: stopReason ?? "STOP" } : {}) }],
        ...(last ? { usageMetadata } : {}),
        modelVersion: model,
      });
      if (!sse) {
        const whole = response(text, true);
        sendJson(res, 200, stream ? [whole] : whole);
        return true;
      }
      const pieces = fault === "cut" ? cutPieces(text) : streamPieces(text);
      const chunks = pieces.map((p, i) => `data: ${JSON.stringify(response(p, fault !== "cut" && i === pieces.length - 1))}\r\n\r\n`);
      res.writeHead(200, { "content-type": "text/event-stream" });
      await writeChunks(res, chunks, opts.streamChunkDelayMs);
      return true;
    },
    errorBody,
    // Like the Gemini API: no Retry-After header; the wait is a RetryInfo in error.details[].
    (seconds) => ({
      headers: {},
      body: {
        error: {
          code: 429,
          message: "fake: You exceeded your current quota.",
          status: "RESOURCE_EXHAUSTED",
          details: [
            { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests" }] },
            { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${seconds}s` },
          ],
        },
      },
    }),
  );
}
