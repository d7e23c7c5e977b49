/**
 * How the app runs pipelines, in Chromium: the pre-flight (runs.start with check) holds a run back with its message in the
 * run panel ("Run anyway" starts it regardless); a template-based run exports into the outputs folder and the
 * run bar names the file; a model's "Max image side" field validates, edits the document and undoes.
 * Screenshots: .cache/screenshots/preflight.png, export-path.png, max-image-side.png.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { byTestId, currentDoc, waitReady } from "./editorDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** dataset (data/qa.jsonl in the templates folder) → answer (prompt) → export (out/train.jsonl). */
function exportDoc(baseUrl: string, model = "fake-model"): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "Q and A export",
    models: { m: { provider: "openai", model, baseUrl, maxRetries: 0 } },
    nodes: [
      { id: "data", kind: "dataset", position: { x: 0, y: 80 }, config: { source: { type: "file", path: "data/qa.jsonl" }, columns: [{ name: "question", type: "text" }], idColumn: "id" } },
      { id: "answer", kind: "prompt", position: { x: 320, y: 80 }, config: { model: "m", template: "{{question}}" } },
      { id: "export", kind: "export", position: { x: 640, y: 80 }, config: { format: "openai-chat", images: "reference", outPath: "out/train.jsonl" } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "question", target: "answer", targetPort: "question" },
      { id: "e2", source: "answer", sourcePort: "conversation", target: "export", targetPort: "samples" },
    ],
  };
}

describe("app runs", () => {
  let app: AppHarness;
  let fake: FakeServer;
  let dir: string;
  let templates: string;
  let outputs: string;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ models: ["fake-model"] });
    dir = mkdtempSync(join(tmpdir(), "cascade-app-runs-e2e-"));
    templates = join(dir, "templates");
    outputs = join(dir, "outputs");
    mkdirSync(join(templates, "data"), { recursive: true });
    writeFileSync(join(templates, "data", "qa.jsonl"), ['{"id":"a","question":"1+1?"}', '{"id":"b","question":"2+2?"}', '{"id":"c","question":"3+3?"}'].join("\n") + "\n");
    app = await startApp({ templatesDir: templates, service: { outputsDir: outputs, preflight: { discover: { candidates: [] } } }, viewport: { width: 1440, height: 900 } });
    await waitReady(app.page);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it("the pre-flight says which server does not answer or lacks the model before the run starts; Run anyway starts it", async () => {
    const { page } = app;
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    await page.evaluate((doc) => window.__cascadeOpenDoc!(doc), exportDoc(dead));
    await byTestId(page, "run-all").click();
    const message = byTestId(page, "run-check-message");
    await expect.poll(() => message.textContent()).toContain(`no model server answers at ${dead} (model "m"): connection refused.`);
    expect(await byTestId(page, "run-check").getAttribute("data-phase")).toBe("problems");
    await page.screenshot({ path: join(SCREENSHOTS, "preflight.png") });
    await byTestId(page, "run-check-dismiss").click();
    await expect.poll(() => byTestId(page, "run-check").count()).toBe(0);
    expect(await app.service.call("runs.list", undefined)).toEqual([]); // nothing was started

    await page.evaluate((doc) => window.__cascadeOpenDoc!(doc), exportDoc(fake.url, "not-there"));
    await byTestId(page, "run-all").click();
    await expect.poll(() => message.textContent()).toContain(`the server at ${fake.url} answers but has no model "not-there" (model "m"); it lists fake-model.`);
    await byTestId(page, "run-check-anyway").click();
    await expect.poll(() => byTestId(page, "run-status").getAttribute("data-status")).toBe("done");
    expect(await app.service.call("runs.list", undefined)).toHaveLength(1);
  });

  it("a run of a template-based pipeline exports into the outputs folder and the run bar names the file", async () => {
    const { page } = app;
    await page.evaluate((doc) => window.__cascadeOpenDoc!(doc), exportDoc(fake.url));
    // Every method the page calls from the click to the end of the run (the carrier's dispatch, as it happens).
    const calls: string[] = [];
    const dispatch = app.service.dispatch;
    app.service.dispatch = (method, params) => {
      calls.push(String(method));
      return dispatch(method, params);
    };
    await byTestId(page, "run-all").click();
    await expect.poll(() => byTestId(page, "run-status").getAttribute("data-status"), { timeout: 30_000 }).toBe("done");
    const written = join(outputs, "q-and-a-export", "out", "train.jsonl");
    await expect.poll(() => byTestId(page, "run-export-path").textContent()).toBe(written);
    app.service.dispatch = dispatch;
    // One start call (pre-flight included); where the export went comes with run-finished, not from runs.get or
    // runs.results (the inspector and the Runs tab may still read what they show).
    expect(calls.filter((m) => m === "runs.start")).toHaveLength(1);
    expect(calls.filter((m) => m === "runs.check" || m === "runs.get")).toEqual([]);
    expect(calls.filter((m) => m === "runs.results")).toEqual([]);
    expect(await byTestId(page, "run-export").textContent()).toContain("wrote 3 records to");
    expect(existsSync(written)).toBe(true);
    expect(readdirSync(templates)).toEqual(["data"]);
    // Opened again from the Runs tab, the run still says where its export went.
    const runId = (await byTestId(page, "run-status").getAttribute("data-run-id"))!;
    await byTestId(page, "run-status-close").click();
    await byTestId(page, "bottom-tab-runs").click();
    await page.locator(`[data-testid="run-row"][data-run-id="${runId}"] [data-testid="run-open"]`).click();
    await expect.poll(() => byTestId(page, "run-export-path").textContent()).toBe(written);
    await byTestId(page, "node-export").locator(".cnode__head").click();
    await expect.poll(() => byTestId(page, "config-panel").textContent()).toContain("outputs folder");
    await page.screenshot({ path: join(SCREENSHOTS, "export-path.png") });
    // Another document replaces this one: the finished run's bar and node badges go with it.
    expect(await byTestId(page, "node-run-export").count()).toBe(1);
    await byTestId(page, "lib-new").click();
    await expect.poll(() => byTestId(page, "run-status").count()).toBe(0);
    await page.evaluate((doc) => window.__cascadeOpenDoc!(doc), exportDoc(fake.url));
    await byTestId(page, "node-export").waitFor();
    expect(await byTestId(page, "node-run-export").count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  it("Max image side: a validated number field that edits the model and undoes", async () => {
    const { page } = app;
    await page.evaluate((doc) => window.__cascadeOpenDoc!(doc), exportDoc(fake.url));
    await byTestId(page, "tab-models").click();
    const field = byTestId(page, "model-maximageside-m");
    await field.fill("1024");
    await expect.poll(async () => (await currentDoc(page)).models.m.maxImageSide).toBe(1024);
    await page.waitForTimeout(1300); // edits of one field within 1.2 s are one undo step
    await field.fill("8");
    await expect.poll(() => page.locator(".field__error").allTextContents()).toContain("at least 16");
    expect((await currentDoc(page)).models.m.maxImageSide).toBe(1024);
    await page.screenshot({ path: join(SCREENSHOTS, "max-image-side.png") });
    await field.fill("2048");
    await expect.poll(async () => (await currentDoc(page)).models.m.maxImageSide).toBe(2048);
    await byTestId(page, "undo").click();
    await expect.poll(async () => (await currentDoc(page)).models.m.maxImageSide).toBe(1024);
    await expect.poll(() => field.inputValue()).toBe("1024");
    await byTestId(page, "redo").click();
    await expect.poll(async () => (await currentDoc(page)).models.m.maxImageSide).toBe(2048);
    await field.fill("");
    await expect.poll(async () => "maxImageSide" in (await currentDoc(page)).models.m).toBe(false);
  });
});
