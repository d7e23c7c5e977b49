import { afterEach, describe, expect, it } from "vitest";
import { createProvider } from "../../../src/main/providers/registry";
import { ProviderError, type LoadedImage } from "../../../src/main/providers/types";
import { defaultFakeReply, startFakeOpenAI, type FakeServer } from "../../fakes/openaiServer";

const servers: FakeServer[] = [];
async function fake(opts: Parameters<typeof startFakeOpenAI>[0] = {}) {
  const s = await startFakeOpenAI(opts);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const png: LoadedImage = { mime: "image/png", data: "iVBORw0KGgo=", hash: "h1" };
const jpg: LoadedImage = { mime: "image/jpeg", data: "/9j/4AAQ", hash: "h2" };

describe("openai provider", () => {
  it("streams tokens in order and reads usage", async () => {
    const s = await fake({ streamChunkDelayMs: 2, reply: () => ({ text: "one two three four", usage: { inputTokens: 11, outputTokens: 4 } }) });
    const p = createProvider({ provider: "openai", model: "m", baseUrl: s.url });
    const tokens: string[] = [];
    const r = await p.chat({ model: "m", messages: [{ role: "user", content: "count" }], params: {}, onToken: (t) => tokens.push(t) });
    expect(tokens).toEqual(["one ", "two ", "three ", "four"]);
    expect(r).toEqual({ text: "one two three four", usage: { inputTokens: 11, outputTokens: 4 }, model: "m", retries: 0, stopReason: "stop" });
    expect(s.requests[0].body.stream).toBe(true);
    expect(s.requests[0].body.stream_options).toEqual({ include_usage: true });
  });

  it("sends images as data-URI content parts after the text, and maps params", async () => {
    const s = await fake();
    const p = createProvider({ provider: "openai", model: "vision", baseUrl: s.url });
    const r = await p.chat({
      model: "vision",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "what is this?", images: [png, jpg] },
      ],
      params: { temperature: 0.2, maxTokens: 50, topP: 0.9, seed: 7, stop: ["\n\n"], json: true },
    });
    const body = s.requests[0].body;
    expect(body.model).toBe("vision");
    expect(body.messages).toEqual([
      { role: "system", content: "be brief" },
      {
        role: "user",
        content: [
          { type: "text", text: "what is this?" },
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          { type: "image_url", image_url: { url: "data:image/jpeg;base64,/9j/4AAQ" } },
        ],
      },
    ]);
    expect(body).toMatchObject({ temperature: 0.2, max_tokens: 50, top_p: 0.9, seed: 7, stop: ["\n\n"], response_format: { type: "json_object" } });
    // The default fake reply is JSON in json mode and counts the images.
    expect(JSON.parse(r.text)).toMatchObject({ echo: "what is this?", images: 2 });
  });

  it("leaves unset params out of the body", async () => {
    const s = await fake();
    const p = createProvider({ provider: "openai", model: "m", baseUrl: s.url });
    await p.chat({ model: "m", messages: [{ role: "user", content: "hi" }], params: {} });
    const keys = Object.keys(s.requests[0].body).sort();
    expect(keys).toEqual(["messages", "model", "stream", "stream_options"]);
  });

  it("gives the default fake reply, deterministic per prompt", async () => {
    const s = await fake();
    const p = createProvider({ provider: "openai", model: "m", baseUrl: s.url });
    const ask = (content: string) => p.chat({ model: "m", messages: [{ role: "user", content }], params: {} });
    const a = await ask("Is the sky blue? Answer only yes or no.");
    expect(["yes", "no"]).toContain(a.text);
    expect((await ask("Is the sky blue? Answer only yes or no.")).text).toBe(a.text);
    expect((await ask("hello")).text).toBe(defaultFakeReply("m", [{ role: "user", text: "hello", images: 0 }]));
  });

  it("accepts a base URL with a trailing slash and lists models", async () => {
    const s = await fake({ models: ["a", "b", "c"] });
    const p = createProvider({ provider: "openai", model: "a", baseUrl: `${s.url}/` });
    expect((await p.listModels()).map((m) => m.id)).toEqual(["a", "b", "c"]);
    await p.chat({ model: "a", messages: [{ role: "user", content: "x" }], params: {} });
    expect(s.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/models", "POST /v1/chat/completions"]);
    expect(p.endpoint).toBe(s.url);
  });

  it("falls back to config.model and to a whole JSON body when the server does not stream", async () => {
    const body = { model: "srv", choices: [{ message: { role: "assistant", content: "whole" } }], usage: { prompt_tokens: 3, completion_tokens: 1 } };
    const fetchJson: typeof fetch = async () => new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
    const p = createProvider({ provider: "openai", model: "cfg", baseUrl: "http://127.0.0.1:9/v1" }, { fetch: fetchJson });
    const tokens: string[] = [];
    const r = await p.chat({ model: "", messages: [{ role: "user", content: "x" }], params: {}, onToken: (t) => tokens.push(t) });
    expect(r).toEqual({ text: "whole", usage: { inputTokens: 3, outputTokens: 1 }, model: "srv", retries: 0 });
    expect(tokens).toEqual(["whole"]);
  });
});

describe("openai API keys", () => {
  it("sends Authorization only when a key is given, taking it from the named env variable", async () => {
    const s = await fake();
    const noKey = createProvider({ provider: "openai", model: "m", baseUrl: s.url }, { env: { OPENAI_API_KEY: "sk-unused" } });
    await noKey.chat({ model: "m", messages: [{ role: "user", content: "a" }], params: {} });
    expect(s.requests[0].headers.authorization).toBeUndefined();

    const withEnv = createProvider({ provider: "openai", model: "m", baseUrl: s.url, apiKeyEnv: "MY_LAB_KEY" }, { env: { MY_LAB_KEY: "sk-lab-1" } });
    await withEnv.chat({ model: "m", messages: [{ role: "user", content: "b" }], params: {} });
    expect(s.requests[1].headers.authorization).toBe("Bearer sk-lab-1");

    const stored = createProvider({ provider: "openai", model: "m", baseUrl: s.url, apiKeyEnv: "MY_LAB_KEY" }, { env: { MY_LAB_KEY: "sk-lab-1" }, apiKey: "sk-store-2" });
    await stored.listModels();
    expect(s.requests[2].headers.authorization).toBe("Bearer sk-store-2");
  });

  it("fails without calling the server when the named env variable is not set", async () => {
    const s = await fake();
    const p = createProvider({ provider: "openai", model: "m", baseUrl: s.url, apiKeyEnv: "NOT_SET_KEY" }, { env: {} });
    const err = await p.chat({ model: "m", messages: [{ role: "user", content: "a" }], params: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as Error).message).toContain("NOT_SET_KEY");
    expect(s.calls).toBe(0);
  });

  it("is rejected by a server that wants another key, and the key never appears in the error", async () => {
    const s = await fake({ apiKey: "sk-right" });
    const p = createProvider({ provider: "openai", model: "m", baseUrl: s.url }, { apiKey: "sk-wrong-secret" });
    const err = (await p.chat({ model: "m", messages: [{ role: "user", content: "a" }], params: {} }).catch((e: unknown) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.status).toBe(401);
    expect(s.calls).toBe(1);

    const echoing: typeof fetch = async (_url, init) => {
      const auth = new Headers(init?.headers).get("authorization") ?? "";
      return new Response(JSON.stringify({ error: { message: `Incorrect API key provided: ${auth.slice(7)}` } }), { status: 401 });
    };
    const q = createProvider({ provider: "openai", model: "m", baseUrl: "http://127.0.0.1:9/v1" }, { apiKey: "sk-wrong-secret", fetch: echoing });
    const err2 = (await q.chat({ model: "m", messages: [{ role: "user", content: "a" }], params: {} }).catch((e: unknown) => e)) as Error;
    expect(err2.message).toContain("Incorrect API key provided");
    expect(err2.message).not.toContain("sk-wrong-secret");
  });

  it("refuses an unknown provider kind, naming it", () => {
    expect(() => createProvider({ provider: "mistral" as never, model: "x" })).toThrow(/"mistral".*not a provider kind; known: openai, ollama/);
  });
});
