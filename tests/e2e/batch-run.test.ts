/**
 * A batch model in the app: the Models tab's "Batch API" box sets batch: true; a run then shows each provider
 * batch it waits on in the run bar (state, counts, time waited) and ends with the answers from the batches.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { startFakeOpenAIBatch, type FakeOpenAIBatch } from "../fakes/batch/openaiBatchServer";
import { byTestId, currentDoc, waitReady } from "./editorDriver";
import { twoPromptDoc } from "./twoPromptDoc";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";

const doc = (baseUrl: string, dataFile: string): PipelineDoc => twoPromptDoc("batch e2e", baseUrl, dataFile);

describe("a batch model in the app", () => {
  let app: AppHarness;
  let fake: FakeOpenAIBatch;
  let dir: string;
  let holding = true;
  const saved = { gather: process.env.CASCADE_BATCH_GATHER_MS, poll: process.env.CASCADE_BATCH_POLL_MS };

  beforeAll(async () => {
    process.env.CASCADE_BATCH_GATHER_MS = "100";
    process.env.CASCADE_BATCH_POLL_MS = "50";
    fake = await startFakeOpenAIBatch({ hold: () => holding });
    dir = mkdtempSync(join(tmpdir(), "cascade-batch-e2e-"));
    app = await startApp({ viewport: { width: 1440, height: 900 } });
    await waitReady(app.page);
  });

  afterAll(async () => {
    process.env.CASCADE_BATCH_GATHER_MS = saved.gather;
    process.env.CASCADE_BATCH_POLL_MS = saved.poll;
    if (saved.gather === undefined) delete process.env.CASCADE_BATCH_GATHER_MS;
    if (saved.poll === undefined) delete process.env.CASCADE_BATCH_POLL_MS;
    await app?.close();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("is set in the Models tab, and the run bar shows the batches it waits on", async () => {
    const { page } = app;
    const dataFile = join(dir, "data.jsonl");
    writeFileSync(dataFile, Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: `q${i}`, question: `what is ${i} + 1?` })).join("\n") + "\n");
    await page.evaluate((d) => window.__cascadeOpenDoc!(d), doc(fake.url, dataFile));
    await byTestId(page, "tab-models").click();
    await byTestId(page, "model-batch-m").check();
    await expect.poll(async () => (await currentDoc(page)).models.m.batch).toBe(true);
    await byTestId(page, "model-batchfallback-m").waitFor();

    await byTestId(page, "run-all").click();
    const line = byTestId(page, "run-batch").first();
    await expect.poll(() => line.getAttribute("data-state"), { timeout: 30_000 }).toBe("in_progress");
    expect(await line.textContent()).toMatch(/^Batch batch_fake1 \(m, 5 requests\): in progress — 0 done, 0 failed, waited \d+s$/);
    expect(await byTestId(page, "run-stream-text").textContent()).toContain("Waiting on a provider batch");
    await page.screenshot({ path: join(SCREENSHOTS, "batch-run.png") });

    holding = false;
    await page.waitForSelector('[data-testid="run-status"]:not([data-status="running"])', { timeout: 60_000 });
    expect(await byTestId(page, "run-status").getAttribute("data-status")).toBe("done");
    const states = await byTestId(page, "run-batch").evaluateAll((els) => els.map((e) => e.getAttribute("data-state")));
    expect(states).toEqual(["collected", "collected"]); // one batch per prompt node
    expect(fake.requests.filter((r) => r.path.includes("/chat/completions"))).toEqual([]);
    expect(app.errors).toEqual([]);
  }, 120_000);
});
