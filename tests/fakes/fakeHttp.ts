/**
 * Shared plumbing for the fake model servers in this folder (openaiServer.ts, ollamaServer.ts, ...):
 * a node:http server on 127.0.0.1 that records requests, counts chat calls, injects faults and tracks
 * how many chat requests are in flight at once. Also the deterministic default reply every fake uses.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the fake saw it. `body` is the parsed JSON body (or the raw text if it is not JSON). */
export interface RecordedRequest {
  method: string;
  /** path and query, e.g. "/v1/chat/completions" */
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  at: number;
  /** When the whole reply was handed to the socket (absent while answering, or when it never was). */
  answeredAt?: number;
}

/**
 * What a fake does instead of answering normally:
 * - "429": status 429 asking to wait retryAfterSeconds (default 1) where the real API says so: a Retry-After
 *   header (OpenAI also retry-after-ms, Anthropic retry-after), Gemini's RetryInfo.retryDelay in the body only
 * - "quota": status 429 with OpenAI's insufficient_quota error (final: no retry helps)
 * - "500": status 500 with a JSON error body
 * - "400": status 400 with a JSON error body (not retryable)
 * - "malformed": status 200 but a body/stream chunk that is not valid JSON
 * - "empty": status 200, a stream that ends without any content and without its end marker
 * - "cut": status 200, the first half of the reply's pieces, then the stream closes cleanly without its end
 *   marker (no finish_reason/[DONE], message_stop, finishReason or done: true)
 * - "hang": no bytes at all; the socket stays open until the client gives up or the fake closes
 * - "reset": the socket is destroyed before any reply
 */
export type FaultKind = "429" | "quota" | "500" | "400" | "malformed" | "empty" | "cut" | "hang" | "reset";

/** How a protocol answers a rate limit: headers and body for a wait of `seconds`. */
export type RateLimitReply = (seconds: number) => { headers: Record<string, string>; body: unknown };
/** The faults a route answers itself (their shape depends on the protocol). */
export type RouteFault = "malformed" | "empty" | "cut";

/** n = 1-based number of this chat call on this fake. Return null for a normal reply. */
export type FaultPlan = (n: number, req: RecordedRequest) => FaultKind | null | undefined;

export interface FakeUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface FakeReply {
  text: string;
  usage?: FakeUsage;
  /**
   * The stop reason to send, in the provider's own words (OpenAI finish_reason "length"/"content_filter",
   * Anthropic stop_reason "max_tokens"/"refusal"/"model_context_window_exceeded", Gemini finishReason
   * "MAX_TOKENS"/"SAFETY"/..., Ollama done_reason "length"); default the normal stop of each.
   */
  stopReason?: string;
}

export type ReplyFn = (req: RecordedRequest) => string | FakeReply | Promise<string | FakeReply>;

export interface FakeServerOptions {
  /** Delay before the first byte of every chat reply. */
  latencyMs?: number;
  /** Delay between streamed chunks. */
  streamChunkDelayMs?: number;
  /** The reply text (and optionally usage) for a chat request; default: {@link defaultFakeReply}. */
  reply?: ReplyFn;
  faults?: FaultPlan;
  /** Retry-After value sent with fault "429" (seconds; decimals allowed). Default 1; null: a 429 naming no delay. */
  retryAfterSeconds?: number | null;
  /** Port to listen on; default 0 = a random free port. */
  port?: number;
}

/** The JSON error body a protocol uses; default OpenAI's {error: {message, type}}. */
export type ErrorBody = (message: string, type: string) => unknown;
const openaiErrorBody: ErrorBody = (message, type) => ({ error: { message, type } });

export interface FakeServer {
  /** Base URL to put into a model config (provider specific, see each fake). */
  readonly url: string;
  readonly port: number;
  /** Every request received (chat and model listing), in arrival order. */
  readonly requests: RecordedRequest[];
  /** Number of chat requests received (including faulted ones). */
  readonly calls: number;
  /** Chat requests currently being answered. */
  readonly inFlight: number;
  /** Highest number of chat requests that were in flight at the same time. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/** A chat message in the provider-neutral form the default reply is computed from. */
export interface NeutralMessage {
  role: string;
  text: string;
  images: number;
}

/**
 * The default reply of every fake: deterministic, depends on the model and the last user message.
 * - prompt contains "answer only" or "final answer" (any case): "yes" or "no" (picked by the hash)
 * - json requested: {"echo": <first 40 chars of the prompt>, "hash": <8 hex>, "images": <n>}
 * - otherwise: "echo <hash8>: <first 40 chars of the prompt>" (+ " [n image(s)]" when images were sent)
 */
export function defaultFakeReply(model: string, messages: NeutralMessage[], json = false): string {
  const last = [...messages].reverse().find((m) => m.role === "user") ?? { role: "user", text: "", images: 0 };
  const hash = createHash("sha256").update(`${model}\n${last.text}\n${last.images}`).digest("hex").slice(0, 8);
  const head = last.text.replace(/\s+/g, " ").trim().slice(0, 40);
  if (/answer only|final answer/i.test(last.text)) return parseInt(hash[0], 16) % 2 === 0 ? "yes" : "no";
  if (json) return JSON.stringify({ echo: head, hash, images: last.images });
  return `echo ${hash}: ${head}${last.images ? ` [${last.images} image(s)]` : ""}`;
}

/** Rough token count used for fake usage numbers. */
export function fakeTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Splits a reply into stream pieces: words with their following space, so joining gives the text back. */
export function streamPieces(text: string): string[] {
  const pieces = text.match(/\S+\s*|\s+/g) ?? [];
  return pieces.length ? pieces : [""];
}

export function normaliseReply(r: string | FakeReply, promptText: string): Required<Omit<FakeReply, "stopReason">> & Pick<FakeReply, "stopReason"> {
  const reply = typeof r === "string" ? { text: r } : r;
  return {
    text: reply.text,
    usage: reply.usage ?? { inputTokens: fakeTokens(promptText), outputTokens: streamPieces(reply.text).length },
    stopReason: reply.stopReason,
  };
}

/** The pieces a "cut" fault sends: the first half of the reply's pieces (at least one). */
export function cutPieces(text: string): string[] {
  const pieces = streamPieces(text);
  return pieces.slice(0, Math.max(1, Math.floor(pieces.length / 2)));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Starts a fake. `route` answers one request and returns false when it does not know the path (→ 404).
 * Faults "429", "500", "400", "hang" and "reset" are handled here; "malformed", "empty" and "cut" by the route,
 * because their shape depends on the protocol.
 */
export async function startFakeHttp(
  opts: FakeServerOptions,
  urlSuffix: string,
  isChat: (rec: RecordedRequest) => boolean,
  route: (rec: RecordedRequest, res: ServerResponse, fault: RouteFault | null) => Promise<boolean>,
  errorBody: ErrorBody = openaiErrorBody,
  rateLimit: RateLimitReply = (seconds) => ({ headers: { "retry-after": String(seconds) }, body: errorBody("fake: rate limited", "rate_limit_error") }),
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  let calls = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const server = http.createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        /* keep raw text */
      }
      const rec: RecordedRequest = { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers, body, at: Date.now() };
      requests.push(rec);
      res.on("finish", () => (rec.answeredAt = Date.now()));
      if (!isChat(rec)) {
        if (!(await route(rec, res, null))) sendJson(res, 404, errorBody(`fake: no route ${rec.method} ${rec.path}`, "not_found"));
        return;
      }
      const n = ++calls;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let done = false;
      const finish = () => {
        if (!done) {
          done = true;
          inFlight--;
        }
      };
      res.on("close", finish);
      const fault = opts.faults?.(n, rec) ?? null;
      if (fault === "reset") {
        req.socket.destroy();
        return;
      }
      if (fault === "hang") return; // never answer; close() or the client ends it
      if (opts.latencyMs) await sleep(opts.latencyMs);
      if (res.destroyed) return;
      if (fault === "429") {
        const limited = opts.retryAfterSeconds === null ? { headers: {}, body: errorBody("fake: rate limited", "rate_limit_error") } : rateLimit(opts.retryAfterSeconds ?? 1);
        sendJson(res, 429, limited.body, limited.headers);
      } else if (fault === "quota") {
        sendJson(res, 429, { error: { message: "You exceeded your current quota, please check your plan and billing details.", type: "insufficient_quota", param: null, code: "insufficient_quota" } });
      } else if (fault === "500") {
        sendJson(res, 500, errorBody("fake: internal error", "server_error"));
      } else if (fault === "400") {
        sendJson(res, 400, errorBody("fake: bad request (invalid parameter)", "invalid_request_error"));
      } else if (!(await route(rec, res, fault))) {
        sendJson(res, 404, errorBody(`fake: no route ${rec.method} ${rec.path}`, "not_found"));
      }
    })().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(`fake crashed: ${String(err)}`, "server_error"));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  server.unref();

  return {
    url: `http://127.0.0.1:${port}${urlSuffix}`,
    port,
    requests,
    get calls() {
      return calls;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes stream pieces with the configured delay; stops quietly when the client went away. */
export async function writeChunks(res: ServerResponse, chunks: string[], delayMs = 0): Promise<void> {
  for (const c of chunks) {
    if (res.destroyed) return;
    res.write(c);
    if (delayMs) await sleep(delayMs);
  }
  if (!res.destroyed) res.end();
}
