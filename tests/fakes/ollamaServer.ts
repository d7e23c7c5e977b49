/**
 * A real HTTP fake of Ollama's native API on 127.0.0.1.
 *
 *   const s = await startFakeOllama({ latencyMs?, streamChunkDelayMs?, reply?, faults?, retryAfterSeconds?,
 *                                     models?, port? });
 *   s.url          // "http://127.0.0.1:PORT"  (no path: Ollama base URLs have none) → ModelConfig.baseUrl
 *   s.port, s.requests, s.calls, s.inFlight, s.maxInFlight, await s.close()   — as in ./openaiServer.ts
 *
 * Routes: POST /api/chat — NDJSON stream by default (Ollama streams unless "stream": false): one line per
 * piece {model, created_at, message: {role, content}, done: false}, then a final line with done: true,
 * done_reason, prompt_eval_count and eval_count; with "stream": false one object carrying everything.
 * GET /api/tags — {models: [{name, model, size, digest, details}]} from `models` (default ["llava:7b", "llama3.2:1b"]).
 * reply/faults as in ./openaiServer.ts; the default reply is defaultFakeReply() (JSON when format is "json").
 * Errors use Ollama's shape {error: "message"}. "malformed" sends a broken NDJSON line; "empty" ends the
 * stream with no line at all.
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

export type { FakeServer, FakeReply, FaultKind, RecordedRequest } from "./fakeHttp";

export interface FakeOllamaOptions extends FakeServerOptions {
  models?: string[];
}

/** The messages of an Ollama chat body in neutral form. */
export function ollamaMessages(body: { messages?: { role: string; content?: string; images?: string[] }[] }): NeutralMessage[] {
  return (body?.messages ?? []).map((m) => ({ role: m.role, text: m.content ?? "", images: m.images?.length ?? 0 }));
}

export async function startFakeOllama(opts: FakeOllamaOptions = {}): Promise<FakeServer> {
  const models = opts.models ?? ["llava:7b", "llama3.2:1b"];
  const isChat = (r: RecordedRequest) => r.method === "POST" && r.path.split("?")[0] === "/api/chat";

  return startFakeHttp(
    opts,
    "",
    isChat,
    async (rec, res, fault) => {
      const path = rec.path.split("?")[0];
      if (rec.method === "GET" && path === "/api/tags") {
        sendJson(res, 200, {
          models: models.map((name, i) => ({
            name,
            model: name,
            modified_at: "2024-01-01T00:00:00Z",
            size: 1_000_000 * (i + 1),
            digest: `fake${i}`,
            details: { format: "gguf", family: name.split(":")[0], parameter_size: "7B", quantization_level: "Q4_0" },
          })),
        });
        return true;
      }
      if (!isChat(rec)) return false;
      const body = rec.body ?? {};
      const model: string = body.model ?? "llava:7b";
      const stream = body.stream !== false;
      const msgs = ollamaMessages(body);

      if (fault === "malformed") {
        res.writeHead(200, { "content-type": stream ? "application/x-ndjson" : "application/json" });
        res.end('{"model":"x","message":{"role":"assistant","content":"par\n');
        return true;
      }
      if (fault === "empty") {
        res.writeHead(200, { "content-type": stream ? "application/x-ndjson" : "application/json" });
        res.end();
        return true;
      }

      const raw = opts.reply ? await opts.reply(rec) : defaultFakeReply(model, msgs, body.format === "json");
      const { text, usage, stopReason } = normaliseReply(raw, msgs.map((m) => m.text).join("\n"));
      const created_at = new Date(rec.at).toISOString();
      const final = {
        model,
        created_at,
        done: true,
        done_reason: stopReason ?? "stop",
        total_duration: 1_000_000,
        load_duration: 1000,
        prompt_eval_count: usage.inputTokens,
        prompt_eval_duration: 1000,
        eval_count: usage.outputTokens,
        eval_duration: 1000,
      };
      if (!stream) {
        sendJson(res, 200, { ...final, message: { role: "assistant", content: text } });
        return true;
      }
      const lines = (fault === "cut" ? cutPieces(text) : streamPieces(text)).map(
        (piece) => JSON.stringify({ model, created_at, message: { role: "assistant", content: piece }, done: false }) + "\n",
      );
      if (fault !== "cut") lines.push(JSON.stringify({ ...final, message: { role: "assistant", content: "" } }) + "\n");
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      await writeChunks(res, lines, opts.streamChunkDelayMs);
      return true;
    },
    (message) => ({ error: message }),
  );
}
