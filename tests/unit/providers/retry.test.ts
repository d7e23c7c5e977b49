import { afterEach, describe, expect, it } from "vitest";
import { finalReason, parseRetryAfter, requestedDelay } from "../../../src/main/providers/errors";
import { createProvider, type CreateProviderOptions } from "../../../src/main/providers/registry";
import { AttemptError, isUnreachable } from "../../../src/main/providers/errors";
import { backoffDelay, withRetries } from "../../../src/main/providers/retry";
import { ProviderError } from "../../../src/main/providers/types";
import type { ModelConfig } from "../../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer, type FaultKind } from "../../fakes/openaiServer";

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(
  faults: (n: number) => FaultKind | null,
  extra: { config?: Partial<ModelConfig>; opts?: CreateProviderOptions; retryAfterSeconds?: number; streamChunkDelayMs?: number; reply?: string } = {},
) {
  const reply = extra.reply;
  const s = await startFakeOpenAI({ faults, retryAfterSeconds: extra.retryAfterSeconds ?? 0, streamChunkDelayMs: extra.streamChunkDelayMs, ...(reply ? { reply: () => reply } : {}) });
  servers.push(s);
  const p = createProvider({ provider: "openai", model: "m", baseUrl: s.url, ...extra.config }, { retryBaseDelayMs: 1, idleTimeoutMs: 1000, ...extra.opts });
  const retries: { attempt: number; delayMs: number; reason: string }[] = [];
  const tokens: string[] = [];
  const chat = (signal?: AbortSignal) =>
    p.chat({ model: "m", messages: [{ role: "user", content: "hello" }], params: {}, signal, onRetry: (i) => retries.push(i), onToken: (t) => tokens.push(t) });
  return { s, p, chat, retries, tokens };
}

describe("retries", () => {
  it.each<[FaultKind, RegExp]>([
    ["500", /HTTP 500: fake: internal error/],
    ["malformed", /malformed reply: a stream chunk is not valid JSON/],
    ["empty", /stream ended early: the reply stopped without any text and without finish_reason or \[DONE\]/],
    ["cut", /stream ended early: the reply stopped after \d+ characters of text and without finish_reason or \[DONE\]/],
    ["reset", /fetch failed/],
    ["hang", /no data received for 150 ms/],
  ])("retries a %s and then succeeds", async (kind, reason) => {
    // A short idle timeout only where a hang is the fault, so a busy machine cannot cause extra retries.
    const { s, chat, retries } = await setup((n) => (n <= 2 ? kind : null), { opts: { idleTimeoutMs: kind === "hang" ? 150 : 1000 } });
    const started = Date.now();
    const r = await chat();
    expect(r.text).toMatch(/^echo [0-9a-f]{8}: hello$/);
    expect(r.retries).toBe(2);
    expect(s.calls).toBe(3);
    expect(retries.map((x) => x.attempt)).toEqual([1, 2]);
    expect(retries[0].reason).toMatch(reason);
    if (kind === "hang") expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("honours Retry-After on 429", async () => {
    const { s, chat, retries } = await setup((n) => (n === 1 ? "429" : null), { retryAfterSeconds: 0.3 });
    const started = Date.now();
    const r = await chat();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(r.retries).toBe(1);
    expect(s.calls).toBe(2);
    expect(retries[0].delayMs).toBe(300);
    expect(retries[0].reason).toContain("HTTP 429");
  });

  it("caps a long Retry-After", async () => {
    const { chat, retries } = await setup((n) => (n === 1 ? "429" : null), { retryAfterSeconds: 3600, opts: { retryAfterCapMs: 50 } });
    const r = await chat();
    expect(r.retries).toBe(1);
    expect(retries[0].delayMs).toBe(50);
  });

  it("aborts a slow attempt at the overall timeout and retries", async () => {
    // 2 s idle allowance, but a 300 ms overall timeout: a slowly streamed reply is cut off each time.
    const { s, chat } = await setup(() => null, { config: { timeoutMs: 300, maxRetries: 1 }, opts: { idleTimeoutMs: 2000 }, streamChunkDelayMs: 200 });
    const err = (await chat().catch((e: unknown) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toContain("timed out after 300 ms");
    expect(err.retries).toBe(1);
    expect(s.calls).toBe(2);
  });

  it("does not retry a 400 and surfaces the server's message with the status", async () => {
    const { s, chat, retries } = await setup(() => "400");
    const err = (await chat().catch((e: unknown) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toBe(`openai ${s.url} model m: HTTP 400: fake: bad request (invalid parameter)`);
    expect(err.status).toBe(400);
    expect(err.retryable).toBe(false);
    expect(err.retries).toBe(0);
    expect(s.calls).toBe(1);
    expect(retries).toEqual([]);
  });

  it("gives up after maxRetries with a ProviderError carrying the count and the last cause", async () => {
    const { s, chat } = await setup(() => "500", { config: { maxRetries: 3 } });
    const err = (await chat().catch((e: unknown) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.retries).toBe(3);
    expect(err.status).toBe(500);
    expect(err.message).toBe(`openai ${s.url} model m: failed after 3 retries; last error: HTTP 500: fake: internal error`);
    expect(s.calls).toBe(4);
  });

  it("by default retries until the call's deadline is spent, not a fixed count", async () => {
    const { s, chat } = await setup(() => "malformed", { config: { deadlineMs: 1000 } });
    const started = Date.now();
    const err = (await chat().catch((e: unknown) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toMatch(/failed after \d+ retries: the call's time limit \(deadlineMs 1000\) is spent; last error: malformed reply/);
    expect(err.retries).toBeGreaterThan(4);
    expect(s.calls).toBe(err.retries + 1);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("ends an attempt that trickles bytes at the call's deadline (the idle timeout never fires)", async () => {
    const long = "word ".repeat(40);
    const { chat } = await setup(() => null, { config: { deadlineMs: 1000, timeoutMs: 60_000 }, streamChunkDelayMs: 100, reply: long, opts: { idleTimeoutMs: 5000 } });
    const started = Date.now();
    const err = (await chat().catch((e: unknown) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toMatch(/deadlineMs 1000/);
    expect(Date.now() - started).toBeLessThan(1800);
  });

  it("stops at once on abort during a hung attempt, without retrying", async () => {
    const { s, chat } = await setup(() => "hang", { opts: { idleTimeoutMs: 5000 } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const started = Date.now();
    const err = (await chat(ac.signal).catch((e: unknown) => e)) as Error;
    expect(err.name).toBe("AbortError");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(s.calls).toBe(1);
  });

  it("stops at once on abort during a backoff wait", async () => {
    const { s, chat } = await setup(() => "429", { retryAfterSeconds: 10 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const started = Date.now();
    const err = (await chat(ac.signal).catch((e: unknown) => e)) as Error;
    expect(err.name).toBe("AbortError");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(s.calls).toBe(1);
  });

  it("rejects an already aborted call without any request", async () => {
    const { s, chat } = await setup(() => null);
    const err = (await chat(AbortSignal.abort()).catch((e: unknown) => e)) as Error;
    expect(err.name).toBe("AbortError");
    expect(s.calls).toBe(0);
  });

  it("retries a refused connection and names the endpoint when it gives up", async () => {
    const s = await startFakeOpenAI();
    const url = s.url;
    await s.close(); // nothing listens on this port any more
    const p = createProvider({ provider: "openai", model: "m", baseUrl: url, maxRetries: 2 }, { retryBaseDelayMs: 1 });
    const err = (await p.chat({ model: "m", messages: [{ role: "user", content: "x" }], params: {} }).catch((e: unknown) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.retries).toBe(2);
    expect(err.message).toContain(`openai ${url} model m: failed after 2 retries`);
    expect(err.message).toMatch(/ECONNREFUSED/);
  });
});

describe("an unreachable server", () => {
  const refused = () => new AttemptError("fetch failed (ECONNREFUSED)", "unreachable");

  it("is retried for a short budget, not until the call's deadline", async () => {
    let attempts = 0;
    const started = Date.now();
    const err = (await withRetries(
      () => {
        attempts++;
        return Promise.reject(refused());
      },
      { maxRetries: 100, deadline: () => started + 600_000, describe: "openai http://127.0.0.1:9/v1 model m", baseDelayMs: 1, maxDelayMs: 5, unreachableBudgetMs: 80 },
    ).catch((e: unknown) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toMatch(/^openai http:\/\/127\.0\.0\.1:9\/v1 model m: failed after \d+ retries: nothing answered for 0\.08 s; last error: fetch failed \(ECONNREFUSED\)$/);
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(100);
  });

  it("that comes back within the budget answers the call; other faults in between restart the budget", async () => {
    const faults = [refused(), refused(), new AttemptError("HTTP 503: starting", "http", 503), refused()];
    const { value, retries } = await withRetries(
      () => {
        const next = faults.shift();
        return next ? Promise.reject(next) : Promise.resolve("ok");
      },
      { maxRetries: 100, describe: "d", baseDelayMs: 1, maxDelayMs: 2, unreachableBudgetMs: 5_000 },
    );
    expect(value).toBe("ok");
    expect(retries).toBe(4);
  });

  it("is told apart from a dropped connection", async () => {
    const s = await startFakeOpenAI();
    const url = s.url;
    await s.close(); // nothing listens on this port any more
    const refusedFetch = (await fetch(url).catch((e: unknown) => e)) as Error;
    expect(isUnreachable(refusedFetch)).toBe(true);
    const dropped = Object.assign(new TypeError("terminated"), { cause: { code: "UND_ERR_SOCKET" } });
    expect(isUnreachable(dropped)).toBe(false);
  });
});

describe("retry helpers", () => {
  it("parses Retry-After as seconds or HTTP date, capped", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter("2", 60_000, now)).toBe(2000);
    expect(parseRetryAfter("0.25", 60_000, now)).toBe(250);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", 60_000, now)).toBe(5000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:00:00 GMT", 60_000, now)).toBe(0);
    expect(parseRetryAfter("120", 30_000, now)).toBe(30_000);
    expect(parseRetryAfter("soon", 30_000, now)).toBeUndefined();
    expect(parseRetryAfter(null, 30_000, now)).toBeUndefined();
  });

  it("draws full-jitter delays below an exponentially growing ceiling", () => {
    expect(backoffDelay(0, 100, 10_000, () => 0.999)).toBe(100);
    expect(backoffDelay(3, 100, 10_000, () => 0.5)).toBe(400);
    expect(backoffDelay(10, 100, 10_000, () => 0.999)).toBe(9990);
    expect(backoffDelay(5, 100, 10_000, () => 0)).toBe(0);
  });
});

describe("requested delays", () => {
  it("reads retry-after-ms first, then Retry-After, then Gemini's RetryInfo in the body, all capped", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(requestedDelay(h({ "retry-after-ms": "250", "retry-after": "3" }), "", 60_000)).toBe(250);
    expect(requestedDelay(h({ "retry-after": "3" }), "", 60_000)).toBe(3000);
    const gemini = JSON.stringify({ error: { code: 429, details: [{ "@type": "type.googleapis.com/google.rpc.Help" }, { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "37.5s" }] } });
    expect(requestedDelay(h({}), gemini, 60_000)).toBe(37_500);
    expect(requestedDelay(h({}), gemini, 10_000)).toBe(10_000);
    expect(requestedDelay(h({}), '{"error":{"details":[{"retryDelay":"5s"}]}}', 60_000)).toBeUndefined(); // not a RetryInfo
    expect(requestedDelay(h({}), "not json retryDelay", 60_000)).toBeUndefined();
  });

  it("treats only OpenAI's insufficient_quota 429 as final", () => {
    expect(finalReason(429, JSON.stringify({ error: { code: "insufficient_quota", type: "insufficient_quota" } }))).toMatch(/insufficient_quota/);
    expect(finalReason(429, JSON.stringify({ error: { code: "rate_limit_exceeded", message: "see insufficient_quota docs" } }))).toBeUndefined();
    expect(finalReason(500, JSON.stringify({ error: { code: "insufficient_quota" } }))).toBeUndefined();
  });
});
