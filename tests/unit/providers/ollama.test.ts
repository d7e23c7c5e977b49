import { afterEach, describe, expect, it } from "vitest";
import { createProvider } from "../../../src/main/providers/registry";
import { ProviderError } from "../../../src/main/providers/types";
import { startFakeOllama, type FakeServer } from "../../fakes/ollamaServer";

const servers: FakeServer[] = [];
async function fake(opts: Parameters<typeof startFakeOllama>[0] = {}) {
  const s = await startFakeOllama(opts);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("ollama provider", () => {
  it("streams NDJSON pieces in order and reads prompt_eval_count / eval_count", async () => {
    const s = await fake({ streamChunkDelayMs: 2, reply: () => ({ text: "a cat on a mat", usage: { inputTokens: 21, outputTokens: 5 } }) });
    const p = createProvider({ provider: "ollama", model: "llava:7b", baseUrl: s.url });
    const tokens: string[] = [];
    const r = await p.chat({ model: "llava:7b", messages: [{ role: "user", content: "describe" }], params: {}, onToken: (t) => tokens.push(t) });
    expect(tokens).toEqual(["a ", "cat ", "on ", "a ", "mat"]);
    expect(r).toEqual({ text: "a cat on a mat", usage: { inputTokens: 21, outputTokens: 5 }, model: "llava:7b", retries: 0, stopReason: "stop" });
    expect(s.requests[0].path).toBe("/api/chat");
    expect(s.requests[0].body.stream).toBe(true);
  });

  it("sends images as bare base64 strings and maps params to options and format", async () => {
    const s = await fake();
    const p = createProvider({ provider: "ollama", model: "llava:7b", baseUrl: `${s.url}/` });
    const r = await p.chat({
      model: "llava:7b",
      messages: [
        { role: "system", content: "short answers" },
        { role: "user", content: "what?", images: [{ mime: "image/png", data: "iVBORw0KGgo=", hash: "h" }, { mime: "image/jpeg", data: "/9j/4AAQ", hash: "g" }] },
      ],
      params: { temperature: 0, maxTokens: 64, topP: 0.5, seed: 3, stop: ["END"], json: true },
    });
    const body = s.requests[0].body;
    expect(body.messages).toEqual([
      { role: "system", content: "short answers" },
      { role: "user", content: "what?", images: ["iVBORw0KGgo=", "/9j/4AAQ"] },
    ]);
    expect(body.options).toEqual({ temperature: 0, num_predict: 64, top_p: 0.5, seed: 3, stop: ["END"] });
    expect(body.format).toBe("json");
    expect(JSON.parse(r.text)).toMatchObject({ echo: "what?", images: 2 });
  });

  it("sends no options or format when no params are set", async () => {
    const s = await fake();
    const p = createProvider({ provider: "ollama", model: "m" }, { fetch: (url, init) => fetch(String(url).replace("http://127.0.0.1:11434", s.url), init) });
    await p.chat({ model: "m", messages: [{ role: "user", content: "hi" }], params: {} });
    expect(Object.keys(s.requests[0].body).sort()).toEqual(["messages", "model", "stream"]);
    expect(p.endpoint).toBe("http://127.0.0.1:11434");
  });

  it("lists models from /api/tags", async () => {
    const s = await fake({ models: ["llava:13b", "qwen2.5vl:7b"] });
    const p = createProvider({ provider: "ollama", model: "llava:13b", baseUrl: s.url });
    const models = await p.listModels();
    expect(models.map((m) => m.id)).toEqual(["llava:13b", "qwen2.5vl:7b"]);
    expect(models[0].description).toBe("7B Q4_0");
    expect(s.requests[0].path).toBe("/api/tags");
  });

  it("retries 500, malformed, empty, reset and hang, then succeeds", async () => {
    const plan = ["500", "malformed", "empty", "reset", "hang"] as const; // the hang comes last: 300 ms idle only then matters
    const s = await fake({ faults: (n) => plan[n - 1] ?? null });
    const p = createProvider({ provider: "ollama", model: "m", baseUrl: s.url, maxRetries: 5 }, { retryBaseDelayMs: 1, idleTimeoutMs: 300 });
    const reasons: string[] = [];
    const r = await p.chat({ model: "m", messages: [{ role: "user", content: "hi" }], params: {}, onRetry: (i) => reasons.push(i.reason) });
    expect(r.retries).toBe(5);
    expect(r.text).toMatch(/^echo [0-9a-f]{8}: hi$/);
    expect(reasons[0]).toBe("HTTP 500: fake: internal error");
    expect(reasons[1]).toMatch(/malformed reply: a stream line is not valid JSON/);
    expect(reasons[2]).toMatch(/without done: true/);
    expect(reasons[3]).toMatch(/fetch failed/);
    expect(reasons[4]).toMatch(/no data received for 300 ms/);
  });

  it("surfaces Ollama's {error} message on a 400 without retrying", async () => {
    const s = await fake({ faults: () => "400" });
    const p = createProvider({ provider: "ollama", model: "m", baseUrl: s.url }, { retryBaseDelayMs: 1 });
    const err = (await p.chat({ model: "m", messages: [{ role: "user", content: "hi" }], params: {} }).catch((e: unknown) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toBe(`ollama ${s.url} model m: HTTP 400: fake: bad request (invalid parameter)`);
    expect(s.calls).toBe(1);
  });

  it("retries an error line sent inside a 200 stream", async () => {
    let n = 0;
    const fetchErrLine: typeof fetch = async () =>
      ++n === 1
        ? new Response('{"error":"model runner crashed"}\n', { headers: { "content-type": "application/x-ndjson" } })
        : new Response('{"message":{"content":"ok"},"done":false}\n{"done":true,"prompt_eval_count":2,"eval_count":1}\n');
    const p = createProvider({ provider: "ollama", model: "m", baseUrl: "http://127.0.0.1:9" }, { fetch: fetchErrLine, retryBaseDelayMs: 1 });
    const reasons: string[] = [];
    const r = await p.chat({ model: "m", messages: [{ role: "user", content: "hi" }], params: {}, onRetry: (i) => reasons.push(i.reason) });
    expect(r).toMatchObject({ text: "ok", retries: 1, usage: { inputTokens: 2, outputTokens: 1 } });
    expect(reasons).toEqual(["server error in reply: model runner crashed"]);
  });
});
