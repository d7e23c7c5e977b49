/**
 * Server-fault fuzz (#13): every fault kind below, against every HTTP provider protocol (OpenAI-compatible,
 * Anthropic, Gemini, Ollama), through the real client (transport, retries, limiter). A raw node:http server
 * answers each request with the fault, whatever the path. For each pair the call must settle (no hang: a
 * bound well above the configured timeouts), fail only with a ProviderError (no crash: no TypeError or
 * other stray error) whose message names the provider kind, the endpoint and the model — or, for faults
 * that a retry gets past, return the real answer.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createProvider } from "../../src/main/providers/registry";
import { ProviderError } from "../../src/main/providers/types";
import type { ProviderKind } from "../../src/shared/pipeline/schema";

type Kind = Extract<ProviderKind, "openai" | "anthropic" | "gemini" | "ollama">;

/** How each protocol frames a streamed piece of text, and its complete answer. */
const WIRE: Record<Kind, { type: string; piece: (t: string) => string; answer: (t: string) => string; suffix: string }> = {
  openai: {
    type: "text/event-stream",
    piece: (t) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: t }, finish_reason: null }] })}\n\n`,
    answer: (t) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: t }, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`,
    suffix: "/v1",
  },
  anthropic: {
    type: "text/event-stream",
    piece: (t) => `event: content_block_delta\ndata: ${JSON.stringify({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: t } })}\n\n`,
    answer: (t) =>
      `event: message_start\ndata: {"type":"message_start","message":{"model":"m","usage":{"input_tokens":1}}}\n\n` +
      `event: content_block_delta\ndata: ${JSON.stringify({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: t } })}\n\n` +
      `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}}\n\n` +
      `event: message_stop\ndata: {"type":"message_stop"}\n\n`,
    suffix: "",
  },
  gemini: {
    type: "text/event-stream",
    piece: (t) => `data: ${JSON.stringify({ candidates: [{ content: { role: "model", parts: [{ text: t }] } }] })}\n\n`,
    answer: (t) => `data: ${JSON.stringify({ candidates: [{ content: { role: "model", parts: [{ text: t }] }, finishReason: "STOP" }] })}\n\n`,
    suffix: "",
  },
  ollama: {
    type: "application/x-ndjson",
    piece: (t) => `${JSON.stringify({ model: "m", message: { role: "assistant", content: t }, done: false })}\n`,
    answer: (t) => `${JSON.stringify({ model: "m", message: { role: "assistant", content: t }, done: false })}\n${JSON.stringify({ model: "m", message: { role: "assistant", content: "" }, done: true, done_reason: "stop" })}\n`,
    suffix: "",
  },
};

type Res = http.ServerResponse;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const json = (res: Res, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

/** Each fault: what the server does on a request (n = 1-based request number of this case). */
const FAULTS: Record<string, (res: Res, kind: Kind, n: number) => void | Promise<void>> = {
  "400 json error": (res) => json(res, 400, { error: { message: "bad request" } }),
  "401 unauthorised": (res) => json(res, 401, { error: { message: "invalid key" } }),
  "403 html page": (res) => {
    res.writeHead(403, { "content-type": "text/html" });
    res.end("<html><body>Forbidden</body></html>");
  },
  "404 no route": (res) => json(res, 404, { error: "not found" }),
  "429 with retry-after": (res) => json(res, 429, { error: { message: "slow down" } }, { "retry-after": "0.01" }),
  "429 with a date retry-after": (res) => json(res, 429, { error: { message: "slow down" } }, { "retry-after": new Date(Date.now() + 20).toUTCString() }),
  "500 json error": (res) => json(res, 500, { error: { message: "boom" } }),
  "502 html from a proxy": (res) => {
    res.writeHead(502, { "content-type": "text/html" });
    res.end("<html><head><title>502 Bad Gateway</title></head></html>");
  },
  "503 empty body": (res) => {
    res.writeHead(503);
    res.end();
  },
  "hang before headers": () => undefined,
  "headers then hang": (res, kind) => {
    res.writeHead(200, { "content-type": WIRE[kind].type });
    res.flushHeaders();
  },
  "trickle one byte at a time": async (res, kind) => {
    res.writeHead(200, { "content-type": WIRE[kind].type });
    for (const ch of WIRE[kind].piece("a very slow answer that never ends ".repeat(20))) {
      if (res.destroyed) return;
      res.write(ch);
      await sleep(40);
    }
    res.end();
  },
  "cut stream": (res, kind) => {
    res.writeHead(200, { "content-type": WIRE[kind].type });
    res.end(WIRE[kind].piece("half an ans"));
  },
  "malformed json in the stream": (res, kind) => {
    res.writeHead(200, { "content-type": WIRE[kind].type });
    res.end(WIRE[kind].piece("ok").slice(0, -12) + "\n\n");
  },
  "garbage framing": (res, kind) => {
    res.writeHead(200, { "content-type": WIRE[kind].type });
    res.end("data: {{{{\n\n:::\nevent\n\n}\n");
  },
  "binary garbage": (res) => {
    res.writeHead(200, { "content-type": "application/octet-stream" });
    res.end(Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x80, 0x81, 0x0a]));
  },
  "text/plain 200": (res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("upstream connect error or disconnect/reset before headers");
  },
  "html 200": (res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>Welcome to nginx!</title>");
  },
  "empty 200": (res, kind) => {
    res.writeHead(200, { "content-type": WIRE[kind].type });
    res.end();
  },
  "json of the wrong shape": (res) => json(res, 200, { hello: "world" }),
  "huge reply": async (res, kind) => {
    res.writeHead(200, { "content-type": WIRE[kind].type });
    const piece = WIRE[kind].piece("x".repeat(4096));
    for (let i = 0; i < 64 && !res.destroyed; i++) res.write(piece);
    res.end(WIRE[kind].answer("end"));
  },
  "huge line without a newline": async (res, kind) => {
    res.writeHead(200, { "content-type": WIRE[kind].type });
    const chunk = "y".repeat(64 * 1024);
    for (let i = 0; i < 40 && !res.destroyed; i++) {
      res.write(chunk);
      await sleep(0);
    }
    res.end();
  },
  "reset before reply": (res) => void res.socket?.destroy(),
  "reset mid-stream": (res, kind) => {
    res.writeHead(200, { "content-type": WIRE[kind].type });
    res.write(WIRE[kind].piece("partial "));
    setTimeout(() => res.socket?.destroy(), 5);
  },
  "error event inside a 200": (res, kind) => {
    res.writeHead(200, { "content-type": WIRE[kind].type });
    res.end(kind === "ollama" ? '{"error":"model crashed"}\n' : 'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"model crashed"}}\n\ndata: {"error":{"message":"model crashed","code":500}}\n\n');
  },
  "fault once, then the answer": (res, kind, n) => {
    if (n === 1) return json(res, 500, { error: { message: "transient" } });
    res.writeHead(200, { "content-type": WIRE[kind].type });
    res.end(WIRE[kind].answer("recovered answer"));
  },
};

/** Faults after which a retry gets the real answer (the others must fail). */
const RECOVERS = new Set(["fault once, then the answer"]);

/** One server per case (its own origin: the HTTP client pools connections per origin, as for real servers). */
const servers: http.Server[] = [];

async function faultServer(fault: string, kind: Kind): Promise<number> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => void Promise.resolve(FAULTS[fault](res, kind, ++n)).catch(() => res.destroy()));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return (server.address() as AddressInfo).port;
}

afterAll(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((r) => server.close(r))));
});

const KINDS: Kind[] = ["openai", "anthropic", "gemini", "ollama"];
const BOUND_MS = 8000;

describe("server-fault fuzz", () => {
  it(`has at least 18 fault kinds (${Object.keys(FAULTS).length})`, () => {
    expect(Object.keys(FAULTS).length).toBeGreaterThanOrEqual(18);
  });

  it.each(KINDS)("%s: every fault settles with a named ProviderError or the real answer, none hangs or crashes", async (kind) => {
    const only = process.env.FUZZ_ONLY;
    const outcomes = await Promise.all(
      Object.keys(FAULTS).filter((f) => !only || f === only).map(async (fault) => {
        const i = Object.keys(FAULTS).indexOf(fault);
        const port = await faultServer(fault, kind);
        const baseUrl = `http://127.0.0.1:${port}${WIRE[kind].suffix}`;
        const model = `model-${i}`;
        const p = createProvider(
          { provider: kind, model, baseUrl, maxRetries: 2, deadlineMs: 2500, maxReplyChars: 100_000, timeoutMs: 2500 },
          { retryBaseDelayMs: 1, idleTimeoutMs: 500, retryAfterCapMs: 100, defaultConcurrency: 64 },
        );
        const started = Date.now();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const hung = new Promise<"hung">((r) => (timer = setTimeout(() => r("hung"), BOUND_MS)));
        const result = await Promise.race([p.chat({ model, messages: [{ role: "user", content: "hi" }], params: {} }).then((r) => r, (e: unknown) => e), hung]);
        clearTimeout(timer);
        return { fault, result, ms: Date.now() - started, endpoint: p.endpoint, model };
      }),
    );
    const bad: string[] = [];
    for (const o of outcomes) {
      if (o.result === "hung") bad.push(`${o.fault}: hung`);
      else if (RECOVERS.has(o.fault)) {
        if (!(o.result && typeof o.result === "object" && "text" in o.result && o.result.text === "recovered answer")) bad.push(`${o.fault}: did not recover: ${String(o.result)}`);
      } else if (!(o.result instanceof ProviderError)) bad.push(`${o.fault}: not a ProviderError: ${o.result instanceof Error ? `${o.result.name}: ${o.result.message}` : JSON.stringify(o.result).slice(0, 200)}`);
      else if (!o.result.message.startsWith(`${kind} ${o.endpoint} model ${o.model}: `)) bad.push(`${o.fault}: message does not name the endpoint and model: ${o.result.message}`);
    }
    if (process.env.FUZZ_VERBOSE) for (const o of outcomes) console.log(`${kind} ${o.fault} (${o.ms} ms): ${o.result instanceof Error ? o.result.message : JSON.stringify(o.result).slice(0, 120)}`);
    expect(bad).toEqual([]);
  }, 30_000);
});
