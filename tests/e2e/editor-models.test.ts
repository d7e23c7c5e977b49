/** #12 item 14: "+ Add model" offers the models of the servers found on this machine; one click adds one, no key. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { byTestId, currentDoc, waitReady } from "./editorDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";

describe("adding a model", () => {
  let app: AppHarness;
  let fake: FakeServer;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ models: ["qwen2-vl-7b-instruct", "qwen2.5-1.5b-instruct"] });
    app = await startApp({ viewport: { width: 1440, height: 900 }, service: { providers: { discover: { candidates: [{ name: "vLLM", provider: "openai", baseUrl: fake.url }] } } } });
    await waitReady(app.page);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it("offers the discovered server's models and adds one with its address and no key", async () => {
    const { page } = app;
    await byTestId(page, "lib-new").click();
    await byTestId(page, "tab-models").click();
    await byTestId(page, "model-add").click();
    await expect.poll(() => byTestId(page, "model-add-found-qwen2-vl-7b-instruct").count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, "editor-add-model.png") });
    await byTestId(page, "model-add-found-qwen2-vl-7b-instruct").click();
    await expect.poll(async () => (await currentDoc(page)).models).toEqual({ model: { provider: "openai", model: "qwen2-vl-7b-instruct", baseUrl: fake.url } });
    expect(await byTestId(page, "model-add-menu").count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
