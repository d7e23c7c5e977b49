import { afterEach, describe, expect, it } from "vitest";
import { createProvider } from "../../../src/main/providers/registry";
import { ProviderError } from "../../../src/main/providers/types";
import { startFakeGemini, type FakeServer } from "../../fakes/geminiServer";

const servers: FakeServer[] = [];
async function fake(opts: Parameters<typeof startFakeGemini>[0] = {}) {
  const s = await startFakeGemini(opts);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("gemini provider", () => {
  it("sends contents with user/model roles, inline_data images, systemInstruction and generationConfig", async () => {
    const s = await fake({ apiKey: "AIza-test" });
    const p = createProvider({ provider: "gemini", model: "models/gemini-fake-flash", baseUrl: s.url, apiKeyEnv: "GEMINI_API_KEY" }, { env: { GEMINI_API_KEY: "AIza-test" } });
    const r = await p.chat({
      model: "models/gemini-fake-flash",
      messages: [
        { role: "system", content: "answer in English" },
        { role: "user", content: "what is this?", images: [{ mime: "image/jpeg", data: "/9j/4AAQ", hash: "h" }] },
        { role: "assistant", content: "a dog" },
        { role: "user", content: "breed?" },
      ],
      params: { temperature: 0.1, maxTokens: 77, topP: 0.7, seed: 11, stop: ["END"], json: true },
    });
    const rec = s.requests[0];
    expect(rec.path).toBe("/v1beta/models/gemini-fake-flash:streamGenerateContent?alt=sse");
    expect(rec.headers["x-goog-api-key"]).toBe("AIza-test");
    expect(rec.headers.authorization).toBeUndefined();
    expect(rec.body).toEqual({
      contents: [
        { role: "user", parts: [{ text: "what is this?" }, { inline_data: { mime_type: "image/jpeg", data: "/9j/4AAQ" } }] },
        { role: "model", parts: [{ text: "a dog" }] },
        { role: "user", parts: [{ text: "breed?" }] },
      ],
      systemInstruction: { parts: [{ text: "answer in English" }] },
      generationConfig: { temperature: 0.1, maxOutputTokens: 77, topP: 0.7, seed: 11, stopSequences: ["END"], responseMimeType: "application/json" },
    });
    expect(JSON.parse(r.text)).toMatchObject({ echo: "breed?" });
  });

  it("streams parts in order and reads usageMetadata; sends no generationConfig when no params", async () => {
    const s = await fake({ streamChunkDelayMs: 2, reply: () => ({ text: "a golden retriever", usage: { inputTokens: 300, outputTokens: 4 } }) });
    const p = createProvider({ provider: "gemini", model: "gemini-fake-flash", baseUrl: s.url });
    const tokens: string[] = [];
    const r = await p.chat({ model: "gemini-fake-flash", messages: [{ role: "user", content: "breed?" }], params: {}, onToken: (t) => tokens.push(t) });
    expect(tokens).toEqual(["a ", "golden ", "retriever"]);
    expect(r).toEqual({ text: "a golden retriever", usage: { inputTokens: 300, outputTokens: 4 }, model: "gemini-fake-flash", retries: 0, stopReason: "STOP" });
    expect(Object.keys(s.requests[0].body)).toEqual(["contents"]);
    expect(s.requests[0].headers["x-goog-api-key"]).toBeUndefined();
  });

  it("retries 429, 500, malformed, empty and reset, then succeeds", async () => {
    const plan = ["429", "500", "malformed", "empty", "reset"] as const;
    const s = await fake({ retryAfterSeconds: 0.05, faults: (n) => plan[n - 1] ?? null });
    const p = createProvider({ provider: "gemini", model: "g", baseUrl: s.url, maxRetries: 5 }, { retryBaseDelayMs: 1 });
    const reasons: string[] = [];
    const r = await p.chat({ model: "g", messages: [{ role: "user", content: "hi" }], params: {}, onRetry: (i) => reasons.push(i.reason) });
    expect(r.retries).toBe(5);
    expect(r.text).toMatch(/^echo [0-9a-f]{8}: hi$/);
    expect(reasons[0]).toBe("HTTP 429: fake: You exceeded your current quota.");
    expect(reasons[2]).toMatch(/not valid JSON/);
    expect(reasons[3]).toMatch(/without a finishReason/);
    expect(reasons[4]).toMatch(/fetch failed/);
  });

  it("fails without retry on a blocked prompt and on a 400", async () => {
    const blocked: typeof fetch = async () =>
      new Response('data: {"promptFeedback":{"blockReason":"SAFETY"}}\n\n', { headers: { "content-type": "text/event-stream" } });
    const p = createProvider({ provider: "gemini", model: "g" }, { fetch: blocked, retryBaseDelayMs: 1 });
    const err = (await p.chat({ model: "g", messages: [{ role: "user", content: "x" }], params: {} }).catch((e: unknown) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toBe("gemini https://generativelanguage.googleapis.com model g: the prompt was blocked by the API (promptFeedback.blockReason: SAFETY)");
    expect(err.retries).toBe(0);

    const s = await fake({ faults: () => "400" });
    const q = createProvider({ provider: "gemini", model: "g", baseUrl: s.url }, { retryBaseDelayMs: 1 });
    const err2 = (await q.chat({ model: "g", messages: [{ role: "user", content: "x" }], params: {} }).catch((e: unknown) => e)) as ProviderError;
    expect(err2.message).toBe(`gemini ${s.url} model g: HTTP 400: fake: bad request (invalid parameter)`);
    expect(s.calls).toBe(1);
  });

  it("lists generateContent models without the models/ prefix", async () => {
    const s = await fake({ models: ["gemini-a", "gemini-b"], apiKey: "AIza-x" });
    const p = createProvider({ provider: "gemini", model: "gemini-a", baseUrl: s.url }, { apiKey: "AIza-x" });
    expect((await p.listModels()).map((m) => m.id)).toEqual(["gemini-a", "gemini-b"]);
    expect(s.requests[0].path.startsWith("/v1beta/models?")).toBe(true);
  });
});
