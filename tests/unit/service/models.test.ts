import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ProviderFactory } from "../../../src/main/service/connectionCheck";
import { BROWSER_KEY_REFUSAL } from "../../../src/main/service/modelKeys";
import type { ModelConfig } from "../../../src/shared/pipeline/schema";
import { fakeSecrets, makeService } from "./helpers";

let env: ReturnType<typeof makeService>;
const servers: http.Server[] = [];
afterEach(async () => {
  await env?.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const config: ModelConfig = { provider: "openai", model: "m1", baseUrl: "http://127.0.0.1:9/v1", apiKeyEnv: "TEST_KEY" };
const KEY = "sk-test-0123456789abcdef";

/** Everything the store holds, as text, to prove a key is nowhere in plain form. */
function storedText(): string {
  return JSON.stringify(env.store.settings.all());
}

async function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

describe("models.* in browser mode", () => {
  it("refuses to store a key, saves nothing, and says to use the environment variable", async () => {
    env = makeService({ mode: "browser", secrets: fakeSecrets() });
    await expect(env.service.call("models.save", { name: "gpt", config, apiKey: KEY })).rejects.toThrow(BROWSER_KEY_REFUSAL);
    expect(BROWSER_KEY_REFUSAL).toMatch(/^browser mode: .*apiKeyEnv/);
    expect(await env.service.call("models.list", undefined)).toEqual([]);
    expect(storedText()).not.toContain(KEY);
    expect((await env.service.call("app.info", undefined)).canStoreSecrets).toBe(false);
  });

  it("saves, lists and deletes named models without keys", async () => {
    env = makeService({ mode: "browser" });
    expect(await env.service.call("models.save", { name: "gpt", config })).toEqual({ name: "gpt", config, hasStoredKey: false });
    await env.service.call("models.save", { name: "alpha", config: { ...config, model: "a" } });
    expect((await env.service.call("models.list", undefined)).map((m) => m.name)).toEqual(["alpha", "gpt"]);
    await env.service.call("models.delete", { name: "gpt" });
    expect((await env.service.call("models.list", undefined)).map((m) => m.name)).toEqual(["alpha"]);
    await expect(env.service.call("models.delete", { name: "gpt" })).rejects.toThrow(/model "gpt" does not exist/);
  });
});

describe("models.* in Electron mode", () => {
  it("stores keys sealed, never returns them, and removes them with the model", async () => {
    const secrets = fakeSecrets();
    env = makeService({ mode: "electron", secrets });
    const saved = await env.service.call("models.save", { name: "gpt", config, apiKey: KEY });
    expect(saved).toEqual({ name: "gpt", config, hasStoredKey: true });
    expect(secrets.sealed).toHaveLength(1);
    expect(JSON.stringify(await env.service.call("models.list", undefined))).not.toContain(KEY);
    expect(storedText()).not.toContain(KEY);
    expect(storedText()).toContain(secrets.sealed[0]);
    expect((await env.service.call("app.info", undefined)).canStoreSecrets).toBe(true);
    await env.service.call("models.delete", { name: "gpt" });
    expect(storedText()).not.toContain(secrets.sealed[0]);
  });

  it("clears a stored key with an empty apiKey and keeps it when apiKey is absent", async () => {
    env = makeService({ mode: "electron", secrets: fakeSecrets() });
    await env.service.call("models.save", { name: "gpt", config, apiKey: KEY });
    expect((await env.service.call("models.save", { name: "gpt", config })).hasStoredKey).toBe(true);
    expect((await env.service.call("models.save", { name: "gpt", config, apiKey: "" })).hasStoredKey).toBe(false);
  });

  it("refuses keys when the system cannot encrypt", async () => {
    env = makeService({ mode: "electron", secrets: fakeSecrets(false) });
    await expect(env.service.call("models.save", { name: "gpt", config, apiKey: KEY })).rejects.toThrow(/not available.*apiKeyEnv/);
    expect((await env.service.call("app.info", undefined)).canStoreSecrets).toBe(false);
  });

  it("hands the stored key to the provider for models.test, and scrubs it from messages", async () => {
    const seen: (string | undefined)[] = [];
    const providerFactory: ProviderFactory = (_config, { apiKey }) => {
      seen.push(apiKey);
      return {
        kind: "openai",
        endpoint: "fake",
        chat: async () => ({ text: "", retries: 0 }),
        listModels: async () => {
          if (seen.length > 1) throw new Error(`401: bad key ${apiKey}`);
          return [{ id: "m1" }, { id: "m2" }];
        },
      };
    };
    env = makeService({ mode: "electron", secrets: fakeSecrets(), providerFactory });
    await env.service.call("models.save", { name: "gpt", config, apiKey: KEY });
    const ok = await env.service.call("models.test", { config, name: "gpt" });
    expect(ok).toMatchObject({ ok: true, models: ["m1", "m2"] });
    expect(ok.message).toMatch(/2 models available/);
    expect(seen[0]).toBe(KEY);
    const failed = await env.service.call("models.test", { config, name: "gpt" });
    expect(failed.ok).toBe(false);
    expect(failed.message).toContain("bad key ***");
    expect(failed.message).not.toContain(KEY);
  });
});

describe("models.test / models.available against servers", () => {
  const open: ModelConfig = { provider: "openai", model: "m1" };
  it("names the missing environment variable of the key", async () => {
    const baseUrl = await listen((_req, res) => res.end("{}"));
    env = makeService({ env: {} });
    const result = await env.service.call("models.test", { config: { ...config, baseUrl } });
    expect(result.ok).toBe(false);
    expect(result.message).toContain("TEST_KEY");
  });

  it("reports a server that does not answer within the time limit", async () => {
    const baseUrl = await listen(() => undefined); // accepts, never answers
    env = makeService({ connectionTimeoutMs: 300 });
    const result = await env.service.call("models.test", { config: { ...open, baseUrl } });
    expect(result).toMatchObject({ ok: false, models: [] });
    expect(result.message).toBe(`no answer from ${baseUrl} within 0.3 s (is the server running?)`);
    expect(result.latencyMs).toBeLessThan(3000);
  });

  it("reports a port nobody listens on", async () => {
    const baseUrl = await listen(() => undefined);
    servers[0].close();
    env = makeService();
    const result = await env.service.call("models.test", { config: { ...open, baseUrl } });
    expect(result.ok).toBe(false);
    expect(result.message).toBe(`nothing is listening at ${baseUrl} (connection refused)`);
  });

  it("lists the models of an OpenAI-compatible server, and throws when it fails", async () => {
    const baseUrl = await listen((req, res) => {
      if (req.url === "/v1/models") {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ object: "list", data: [{ id: "m1", object: "model" }, { id: "vision", object: "model" }] }));
      } else res.writeHead(404).end();
    });
    env = makeService();
    expect(await env.service.call("models.available", { config: { ...open, baseUrl } })).toEqual(["m1", "vision"]);
    await expect(env.service.call("models.available", { config: { ...open, baseUrl: baseUrl.replace("/v1", "/nope") } })).rejects.toThrow();
  });
});
