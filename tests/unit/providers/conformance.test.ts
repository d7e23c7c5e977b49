/**
 * The shared conformance cases: one table of cases, run against every HTTP provider's fake (OpenAI-compatible,
 * Anthropic, Gemini, Ollama). Each provider row says how its API names a normal stop, a cut-off reply and a
 * blocked one; the cases check what every client must do with them, and with the faults every server shows.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createProvider } from "../../../src/main/providers/registry";
import { ProviderError, type Provider } from "../../../src/main/providers/types";
import type { ModelConfig } from "../../../src/shared/pipeline/schema";
import { startFakeAnthropic } from "../../fakes/anthropicServer";
import type { FakeServer, FakeServerOptions, FaultKind } from "../../fakes/fakeHttp";
import { startFakeGemini } from "../../fakes/geminiServer";
import { startFakeOllama } from "../../fakes/ollamaServer";
import { startFakeOpenAI } from "../../fakes/openaiServer";

interface ProviderRow {
  kind: "openai" | "anthropic" | "gemini" | "ollama";
  start: (o: FakeServerOptions) => Promise<FakeServer>;
  model: string;
  normalStop: string;
  /** The API's stop reasons for a reply cut off by a token limit. */
  truncated: string[];
  /** The API's stop reasons for a blocked or refused reply. */
  blocked: string[];
  endMarker: RegExp;
}

export const PROVIDERS: ProviderRow[] = [
  { kind: "openai", start: startFakeOpenAI, model: "fake-model", normalStop: "stop", truncated: ["length"], blocked: ["content_filter"], endMarker: /finish_reason or \[DONE\]/ },
  {
    kind: "anthropic",
    start: startFakeAnthropic,
    model: "claude-fake-1",
    normalStop: "end_turn",
    truncated: ["max_tokens", "model_context_window_exceeded"],
    blocked: ["refusal"],
    endMarker: /message_stop/,
  },
  {
    kind: "gemini",
    start: startFakeGemini,
    model: "gemini-fake-flash",
    normalStop: "STOP",
    truncated: ["MAX_TOKENS"],
    blocked: ["SAFETY", "RECITATION", "PROHIBITED_CONTENT", "SPII"],
    endMarker: /a finishReason/,
  },
  { kind: "ollama", start: startFakeOllama, model: "llava:7b", normalStop: "stop", truncated: ["length"], blocked: [], endMarker: /done: true/ },
];

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(row: ProviderRow, o: FakeServerOptions = {}, config: Partial<ModelConfig> = {}) {
  const s = await row.start({ retryAfterSeconds: 0, ...o });
  servers.push(s);
  const p: Provider = createProvider({ provider: row.kind, model: row.model, baseUrl: s.url, ...config }, { retryBaseDelayMs: 1, idleTimeoutMs: 2000 });
  const reasons: string[] = [];
  const chat = () => p.chat({ model: row.model, messages: [{ role: "user", content: "say something" }], params: {}, onRetry: (i) => reasons.push(i.reason) });
  return { s, p, chat, reasons };
}

const fail = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as ProviderError);

describe.each(PROVIDERS)("conformance: $kind", (row) => {
  it("a normal reply: complete, with the API's own stop reason, not truncated", async () => {
    const { chat } = await setup(row, { reply: () => "all of it" });
    const r = await chat();
    expect(r.text).toBe("all of it");
    expect(r.stopReason).toBe(row.normalStop);
    expect(r.truncated).toBeUndefined();
  });

  it.each(row.truncated)("stop reason %s: the reply comes back marked truncated", async (reason) => {
    const { chat, s } = await setup(row, { reply: () => ({ text: "the first half of a long", stopReason: reason }) });
    const r = await chat();
    expect(r).toMatchObject({ text: "the first half of a long", stopReason: reason, truncated: true, retries: 0 });
    expect(s.calls).toBe(1);
  });

  it.runIf(row.blocked.length > 0).each(row.blocked)("stop reason %s: a non-retryable error naming the reason", async (reason) => {
    const { chat, s } = await setup(row, { reply: () => ({ text: "", stopReason: reason }) });
    const err = await fail(chat());
    expect(err).toBeInstanceOf(ProviderError);
    expect(err!.retryable).toBe(false);
    expect(err!.message).toContain(`${row.kind} ${s.url} model ${row.model}: the reply was blocked by the API`);
    expect(err!.message).toContain(reason);
    expect(s.calls).toBe(1);
  });

  it.each<[FaultKind, RegExp]>([
    ["cut", /stream ended early: the reply stopped after \d+ characters of text/],
    ["empty", /stream ended early: the reply stopped without any text/],
    ["malformed", /malformed reply/],
    ["500", /HTTP 500/],
    ["429", /HTTP 429/],
    ["reset", /fetch failed|terminated|ECONNRESET|socket/i],
  ])("fault %s: retried, then the real answer", async (fault, reason) => {
    const { chat, reasons, s } = await setup(row, { faults: (n) => (n === 1 ? fault : null), reply: () => "the whole answer" });
    const r = await chat();
    expect(r.text).toBe("the whole answer");
    expect(r.retries).toBe(1);
    expect(s.calls).toBe(2);
    expect(reasons[0]).toMatch(reason);
    if (fault === "cut" || fault === "empty") expect(reasons[0]).toMatch(row.endMarker);
  });

  it("a stream that always ends early fails as retryable after the retries, never as an answer", async () => {
    const { chat } = await setup(row, { faults: () => "cut", reply: () => "never finished here" }, { maxRetries: 2 });
    const err = await fail(chat());
    expect(err).toBeInstanceOf(ProviderError);
    expect(err!.retryable).toBe(true);
    expect(err!.message).toMatch(/failed after 2 retries; last error: stream ended early/);
  });

  it("a 400 is not retried and shows the server's message", async () => {
    const { chat, s } = await setup(row, { faults: () => "400" });
    const err = await fail(chat());
    expect(err!.retryable).toBe(false);
    expect(err!.message).toMatch(/HTTP 400: fake: bad request/);
    expect(s.calls).toBe(1);
  });

  it("a reply longer than maxReplyChars fails without retry and is not returned", async () => {
    const { chat, s } = await setup(row, { reply: () => "word ".repeat(400) }, { maxReplyChars: 1000 });
    const err = await fail(chat());
    expect(err!.retryable).toBe(false);
    expect(err!.message).toMatch(/longer than the limit of 1000 characters \(maxReplyChars\)/);
    expect(s.calls).toBe(1);
  });
});

describe.each(PROVIDERS)("conformance: $kind against a server that is not the API", (row) => {
  const reply = (body: string, type: string) => createProvider({ provider: row.kind, model: row.model, baseUrl: "http://127.0.0.1:9" }, {
    retryBaseDelayMs: 1,
    fetch: async () => new Response(body, { status: 200, headers: { "content-type": type } }),
  });

  it("an HTML page (200) fails at once, saying what came back", async () => {
    const p = reply("<!doctype html><html><body>Welcome to nginx!</body></html>", "text/html; charset=utf-8");
    const err = await fail(p.chat({ model: row.model, messages: [{ role: "user", content: "x" }], params: {}, }));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err!.retries).toBe(0);
    expect(err!.message).toContain(`${row.kind} http://127.0.0.1:9 model ${row.model}: not an answer: the server replied HTTP 200 with content-type text/html`);
    expect(err!.message).toContain("Welcome to nginx!");
    expect(err!.message).toMatch(/is baseUrl right\?/);
  });

  it("a text/plain 200 says its content type and first bytes", async () => {
    const p = createProvider({ provider: row.kind, model: row.model, baseUrl: "http://127.0.0.1:9", maxRetries: 1 }, {
      retryBaseDelayMs: 1,
      fetch: async () => new Response("upstream connect error or disconnect/reset before headers", { status: 200, headers: { "content-type": "text/plain" } }),
    });
    const err = await fail(p.chat({ model: row.model, messages: [{ role: "user", content: "x" }], params: {} }));
    expect(err!.message).toContain("not an answer: the server replied HTTP 200 with content-type text/plain");
    expect(err!.message).toContain("upstream connect error");
    expect(err!.message).not.toMatch(/without content/);
  });
});

describe.each(PROVIDERS)("conformance: $kind waits as long as the server asks", (row) => {
  it("a 429's requested delay (Retry-After, retry-after-ms or Gemini's RetryInfo) is waited out", async () => {
    const { p, s } = await setup(row, { faults: (n) => (n === 1 ? "429" : null), retryAfterSeconds: 0.25 });
    const retries: number[] = [];
    const started = Date.now();
    await p.chat({ model: row.model, messages: [{ role: "user", content: "x" }], params: {}, onRetry: (i) => retries.push(i.delayMs) });
    expect(s.calls).toBe(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toBeGreaterThanOrEqual(250);
    expect(retries[0]).toBeLessThan(1000); // OpenAI's whole-second Retry-After (1) loses to retry-after-ms (250)
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });
});

describe("conformance: openai 429 insufficient_quota", () => {
  it("is final: no retry, and the message says why", async () => {
    const { chat, s } = await setup(PROVIDERS[0], { faults: () => "quota" });
    const err = await fail(chat());
    expect(err!.retryable).toBe(false);
    expect(err!.status).toBe(429);
    expect(err!.message).toMatch(/HTTP 429: insufficient_quota \(the account has no credit left/);
    expect(s.calls).toBe(1);
  });
});
