/**
 * The Models panel's "Local models" and "Prices" sections in Chromium against the browser-mode server: a fake
 * Ollama found on an injected port is used with one click, the default-model download fails clearly offline
 * (the hub is a closed port on 127.0.0.1) and leaves the GGUF path field usable, and price overrides are saved.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeServer } from "../fakes/fakeHttp";
import { startFakeOllama } from "../fakes/ollamaServer";
import { byTestId, currentDoc, waitReady } from "./editorDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("local models and prices", () => {
  let app: AppHarness;
  let ollama: FakeServer;
  let dataDir: string;

  beforeAll(async () => {
    ollama = await startFakeOllama({ models: ["llava:7b"] });
    dataDir = mkdtempSync(join(tmpdir(), "cascade-e2e-local-"));
    const dead = await closedPort();
    app = await startApp({
      service: {
        dataDir,
        providers: {
          discover: { candidates: [{ name: "Ollama", provider: "ollama", baseUrl: ollama.url }, { name: "vLLM", provider: "openai", baseUrl: `http://127.0.0.1:${dead}/v1` }] },
          fetcher: { hubUrl: `http://127.0.0.1:${dead}/` },
        },
      },
    });
    await waitReady(app.page);
  });
  afterAll(async () => {
    await app?.close();
    await ollama?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it("uses a found server, shows the offline download failure, takes a GGUF path, saves prices", async () => {
    const { page } = app;
    await byTestId(page, "tab-models").click();
    await byTestId(page, "local-models-section").locator("summary").first().click();
    const server = byTestId(page, "local-server");
    await expect.poll(() => server.count()).toBe(1);
    expect(await server.textContent()).toContain(ollama.url);
    const before = Object.keys((await currentDoc(page)).models);
    await server.getByRole("button", { name: "Use llava:7b" }).click();
    await expect.poll(async () => Object.values((await currentDoc(page)).models).filter((m) => m.provider === "ollama" && m.model === "llava:7b" && m.baseUrl === ollama.url).length).toBe(1);

    await byTestId(page, "model-fetch").click();
    await expect.poll(() => byTestId(page, "model-fetch-error").textContent(), { timeout: 10_000 }).toMatch(/no internet connection.*pick a GGUF file on disk/);
    await byTestId(page, "gguf-path").fill("/models/qwen2.5-0.5b-instruct-q4_k_m.gguf");
    await byTestId(page, "gguf-use").click();
    await expect
      .poll(async () => Object.values((await currentDoc(page)).models).some((m) => m.provider === "llama-cpp" && m.model === "/models/qwen2.5-0.5b-instruct-q4_k_m.gguf"))
      .toBe(true);
    expect(Object.keys((await currentDoc(page)).models).length).toBe(before.length + 2);

    await byTestId(page, "pricing-section").locator("summary").first().click();
    await byTestId(page, "pricing-add").click();
    const row = byTestId(page, "pricing-row").last();
    const inputs = row.locator("input");
    await inputs.nth(0).fill("llava");
    await inputs.nth(1).fill("0.5");
    await inputs.nth(2).fill("1.5");
    await byTestId(page, "pricing-save").click();
    await expect.poll(() => byTestId(page, "pricing-message").textContent()).toMatch(/Saved/);
    expect(app.store.settings.get("pricing")).toEqual({ llava: { inputPerMillion: 0.5, outputPerMillion: 1.5 } });
    await byTestId(page, "local-models-section").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, "local-models.png") });
    expect(app.errors).toEqual([]);
  });
});
