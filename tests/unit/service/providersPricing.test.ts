/** providers.* and pricing.* through the service's dispatch (the carriers' entry point). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunEvent } from "../../../src/shared/events";
import { PRICE_TABLE_DATE } from "../../../src/shared/pricing";
import type { FakeServer } from "../../fakes/fakeHttp";
import { startFakeOllama } from "../../fakes/ollamaServer";
import { startFakeOpenAI } from "../../fakes/openaiServer";
import { makeService, templateDoc } from "./helpers";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const dataDir = mkdtempSync(join(tmpdir(), "cascade-svc-providers-"));
let ollama: FakeServer;
let dead: number;
beforeAll(async () => {
  ollama = await startFakeOllama({ models: ["llava:7b"] });
  dead = await closedPort();
});
afterAll(async () => {
  await ollama.close();
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe("providers.*", () => {
  it("discover lists the servers that answer and the embedded option with the GGUFs in the models folder", async () => {
    const { service, close } = makeService({
      dataDir,
      providers: { discover: { candidates: [{ name: "Ollama", provider: "ollama", baseUrl: ollama.url }, { name: "vLLM", provider: "openai", baseUrl: `http://127.0.0.1:${dead}/v1` }] } },
    });
    try {
      const { mkdirSync } = await import("node:fs");
      mkdirSync(join(dataDir, "models"), { recursive: true });
      writeFileSync(join(dataDir, "models", "small.gguf"), Buffer.alloc(2048));
      const options = await service.call("providers.discover", undefined);
      expect(options.servers).toEqual([expect.objectContaining({ name: "Ollama", provider: "ollama", baseUrl: ollama.url, models: ["llava:7b"] })]);
      expect(options.embedded).toMatchObject({ modelsDir: join(dataDir, "models"), ggufFiles: [{ path: join(dataDir, "models", "small.gguf"), sizeBytes: 2048 }] });
      expect(options.embedded.defaultModelUri).toMatch(/^hf:Qwen\//);
    } finally {
      await close();
    }
  });

  it("fetchModel without internet ends failed with the clear message; status is polled; bad URIs are refused", async () => {
    const { service, close } = makeService({ dataDir, providers: { fetcher: { hubUrl: `http://127.0.0.1:${dead}/` } } });
    try {
      expect(await service.call("providers.fetchStatus", undefined)).toMatchObject({ state: "idle" });
      expect((await service.call("providers.fetchModel", {})).state).toBe("running");
      let status = await service.call("providers.fetchStatus", undefined);
      for (let i = 0; i < 100 && status.state === "running"; i++) {
        await new Promise((r) => setTimeout(r, 20));
        status = await service.call("providers.fetchStatus", undefined);
      }
      expect(status.state).toBe("failed");
      expect(status.error).toMatch(/no internet connection.*pick a GGUF file on disk/s);
      await expect(service.dispatch("providers.fetchModel", { uri: "https://example.org/x.gguf" })).rejects.toThrow(/params\.uri: an hf: model URI/);
    } finally {
      await close();
    }
  });
});

describe("pricing.*", () => {
  it("get gives the dated table; set stores overrides that runs then charge", async () => {
    const server = await startFakeOpenAI();
    const { service, store, close } = makeService({ env: {} });
    try {
      const info = await service.call("pricing.get", undefined);
      expect(info.date).toBe(PRICE_TABLE_DATE);
      expect(info.table.find((e) => e.model === "gpt-4o-mini")).toMatchObject({ provider: "openai", inputPerMillion: 0.15 });
      expect(info.overrides).toEqual({});
      const set = await service.call("pricing.set", { overrides: { "fake-model": { inputPerMillion: 1_000_000, outputPerMillion: 0 } } });
      expect(set.overrides).toEqual({ "fake-model": { inputPerMillion: 1_000_000, outputPerMillion: 0 } });
      expect(store.settings.get("pricing")).toEqual(set.overrides);
      await expect(service.dispatch("pricing.set", { overrides: { x: { inputPerMillion: -1, outputPerMillion: 0 } } })).rejects.toThrow(/inputPerMillion/);

      // A run through the service charges the override (the user priced this model on purpose, even on a local server).
      const doc = templateDoc("cot.json");
      for (const name of Object.keys(doc.models)) doc.models[name] = { provider: "openai", model: "fake-model", baseUrl: server.url };
      const finished = new Promise<RunEvent>((resolve) => service.on("run-event", (e) => e.type === "run-finished" && resolve(e)));
      const { runId } = await service.call("runs.start", { doc, limit: 2 });
      expect(await finished).toMatchObject({ status: "done" });
      const run = await service.call("runs.get", { runId });
      expect(run.totals.inputTokens).toBeGreaterThan(0);
      expect(run.totals.costUsd).toBeCloseTo(run.totals.inputTokens, 6); // $1 per input token
    } finally {
      await close();
      await server.close();
    }
  });
});
