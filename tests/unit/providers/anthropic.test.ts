import { afterEach, describe, expect, it } from "vitest";
import { createProvider } from "../../../src/main/providers/registry";
import { ProviderError } from "../../../src/main/providers/types";
import { startFakeAnthropic, type FakeServer } from "../../fakes/anthropicServer";

const servers: FakeServer[] = [];
async function fake(opts: Parameters<typeof startFakeAnthropic>[0] = {}) {
  const s = await startFakeAnthropic(opts);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("anthropic provider", () => {
  it("sends the Messages API request shape: headers, top-level system, image blocks before text", async () => {
    const s = await fake({ apiKey: "sk-ant-test" });
    const p = createProvider({ provider: "anthropic", model: "claude-fake-1", baseUrl: s.url, apiKeyEnv: "ANTHROPIC_API_KEY" }, { env: { ANTHROPIC_API_KEY: "sk-ant-test" } });
    await p.chat({
      model: "claude-fake-1",
      messages: [
        { role: "system", content: "be terse" },
        { role: "user", content: "what is in it?", images: [{ mime: "image/png", data: "iVBORw0KGgo=", hash: "h" }] },
        { role: "assistant", content: "a cat" },
        { role: "user", content: "colour?" },
      ],
      // Not topP with temperature: Anthropic refuses both together (so does the fake).
      params: { temperature: 0.3, maxTokens: 99, stop: ["###"], seed: 5, json: true },
    });
    const rec = s.requests[0];
    expect(rec.path).toBe("/v1/messages");
    expect(rec.headers["x-api-key"]).toBe("sk-ant-test");
    expect(rec.headers["anthropic-version"]).toBe("2023-06-01");
    expect(rec.headers.authorization).toBeUndefined();
    expect(rec.body).toEqual({
      model: "claude-fake-1",
      max_tokens: 99,
      system: "be terse",
      stream: true,
      temperature: 0.3,
      stop_sequences: ["###"],
      messages: [
        {
          role: "user",
          content: [
            { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
            { type: "text", text: "what is in it?" },
          ],
        },
        { role: "assistant", content: "a cat" },
        { role: "user", content: "colour?" },
      ],
    });
  });

  it("defaults max_tokens (required by the API) and streams text deltas with usage", async () => {
    const s = await fake({ streamChunkDelayMs: 2, reply: () => ({ text: "red and white", usage: { inputTokens: 40, outputTokens: 3 } }) });
    const p = createProvider({ provider: "anthropic", model: "claude-fake-1", baseUrl: s.url });
    const tokens: string[] = [];
    const r = await p.chat({ model: "claude-fake-1", messages: [{ role: "user", content: "colour?" }], params: {}, onToken: (t) => tokens.push(t) });
    expect(s.requests[0].body.max_tokens).toBe(4096);
    expect(s.requests[0].headers["x-api-key"]).toBeUndefined();
    expect(tokens).toEqual(["red ", "and ", "white"]);
    expect(r).toEqual({ text: "red and white", usage: { inputTokens: 40, outputTokens: 3 }, model: "claude-fake-1", retries: 0, stopReason: "end_turn" });
  });

  it("retries 429 (Retry-After), 529-like 500, malformed and empty streams", async () => {
    const plan = ["429", "500", "malformed", "empty"] as const;
    const s = await fake({ retryAfterSeconds: 0.05, faults: (n) => plan[n - 1] ?? null });
    const p = createProvider({ provider: "anthropic", model: "c", baseUrl: s.url }, { retryBaseDelayMs: 1 });
    const reasons: string[] = [];
    const r = await p.chat({ model: "c", messages: [{ role: "user", content: "hi" }], params: {}, onRetry: (i) => reasons.push(i.reason) });
    expect(r.retries).toBe(4);
    expect(r.text).toMatch(/^echo [0-9a-f]{8}: hi$/);
    expect(reasons[0]).toBe("HTTP 429: fake: rate limited");
    expect(reasons[2]).toMatch(/not valid JSON/);
    expect(reasons[3]).toMatch(/without message_stop/);
  });

  it("retries an overloaded error event inside the stream", async () => {
    let n = 0;
    const sse = (events: string) => new Response(events, { headers: { "content-type": "text/event-stream" } });
    const fetchSse: typeof fetch = async () =>
      ++n === 1
        ? sse('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n')
        : sse('data: {"type":"content_block_delta","delta":{"type":"text_delta","text":"ok"}}\n\ndata: {"type":"message_stop"}\n\n');
    const p = createProvider({ provider: "anthropic", model: "c" }, { fetch: fetchSse, retryBaseDelayMs: 1 });
    const reasons: string[] = [];
    const r = await p.chat({ model: "c", messages: [{ role: "user", content: "hi" }], params: {}, onRetry: (i) => reasons.push(i.reason) });
    expect(r).toMatchObject({ text: "ok", retries: 1 });
    expect(reasons).toEqual(["server error in reply: Overloaded"]);
    expect(p.endpoint).toBe("https://api.anthropic.com");
  });

  it("does not retry a 400 and shows Anthropic's error message", async () => {
    const s = await fake({ faults: () => "400" });
    const p = createProvider({ provider: "anthropic", model: "c", baseUrl: s.url }, { retryBaseDelayMs: 1 });
    const err = (await p.chat({ model: "c", messages: [{ role: "user", content: "hi" }], params: {} }).catch((e: unknown) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toBe(`anthropic ${s.url} model c: HTTP 400: fake: bad request (invalid parameter)`);
    expect(s.calls).toBe(1);
  });

  it("lists models from /v1/models with the version header", async () => {
    const s = await fake({ models: ["claude-a", "claude-b"] });
    const p = createProvider({ provider: "anthropic", model: "claude-a", baseUrl: `${s.url}/` }, { apiKey: "k-1234" });
    expect(await p.listModels()).toEqual([
      { id: "claude-a", description: "Fake claude-a" },
      { id: "claude-b", description: "Fake claude-b" },
    ]);
    expect(s.requests[0].headers["anthropic-version"]).toBe("2023-06-01");
    expect(s.requests[0].headers["x-api-key"]).toBe("k-1234");
  });
});
