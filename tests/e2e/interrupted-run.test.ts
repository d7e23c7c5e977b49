/**
 * A run whose process died, in Chromium: the Runs tab lists it as interrupted with the items its last heartbeat
 * counted done; opened in the run panel it says "Interrupted" (not "Cancelled") with those counts and how to
 * finish it. Screenshot: .cache/screenshots/interrupted-run.png.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultRecord } from "../../src/main/store/types";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { accuracy } from "../../src/shared/stats";
import { byTestId, waitReady } from "./editorDriver";
import { ROOT, SCREENSHOTS, startApp, type AppHarness } from "./harness";
import { databaseOf } from "../../src/main/store/database";

/**
 * A Cas-SEAT run killed while items 7 and 8 were in flight: 6 items went through every node, one failed. The
 * self-evaluations end on no answer line, so the rules node decides nothing and the extractor prompt calls its model.
 */
function seedKilledRun(app: AppHarness): string {
  const doc = JSON.parse(readFileSync(join(ROOT, "templates/cas-seat.json"), "utf8")) as PipelineDoc;
  const runId = app.store.runs.create({ doc, datasetFingerprint: "", label: "Killed Cas-SEAT" }).id;
  const put = (nodeId: string, i: number, status: ResultRecord["status"], output: ResultRecord["output"], extra: Partial<ResultRecord> = {}) =>
    app.store.writer.putResult({ runId, nodeId, itemId: `count-${String(i).padStart(2, "0")}`, seq: i, status, output, ...extra });
  const called = (i: number, n: string): Partial<ResultRecord> => ({ cacheKey: `${n}-${i}`, inputTokens: 100, outputTokens: 20, costUsd: 0.001, latencyMs: 800 });
  for (let i = 1; i <= 8; i++) {
    put("dataset", i, "done", { question: `How many squares? (${i})`, answer: "3" });
    if (i === 8) continue; // the reasoner had not answered
    if (i === 5) {
      put("reason", i, "failed", null, { error: "HTTP 500 from the model server" });
      for (const n of ["selfeval", "rules", "extract_llm", "answer", "score"]) put(n, i, "skipped", null, { error: "upstream failed: reason" });
      continue;
    }
    put("reason", i, "done", { text: "Three squares.", conversation: { kind: "conversation", messages: [] } }, called(i, "reason"));
    if (i === 7) continue; // killed while self-evaluating
    put("selfeval", i, "done", { text: "Checked: three.", conversation: { kind: "conversation", messages: [] } }, called(i, "selfeval"));
    put("rules", i, "done", { value: "", rule: "fallback" });
    put("extract_llm", i, "done", { text: "3", conversation: { kind: "conversation", messages: [] }, decidedBy: "model" }, called(i, "extract"));
    put("answer", i, "done", { value: "3" });
    put("score", i, "done", { score: i === 2 ? 0 : 1 });
  }
  app.store.writer.flush();
  // Its last heartbeat stored the engine's running totals for these results (16 calls: reason 6, selfeval 5,
  // extract 5; score 4 of 5), and its process stopped beating a minute ago (the stale threshold is 30 s).
  const totals = { items: 8, itemsDone: 6, itemsFailed: 1, calls: 16, cacheHits: 0, inputTokens: 1600, outputTokens: 320, costUsd: 0.016, errors: 1 };
  app.store.runMeta.beat(runId, { totals, metrics: { score: [accuracy(4, 5)] } });
  databaseOf(app.store).prepare("UPDATE runs SET heartbeat_at = ? WHERE id = ?").run(Date.now() - 60_000, runId);
  return runId;
}

describe("an interrupted run", () => {
  let app: AppHarness;

  beforeAll(async () => {
    app = await startApp({ viewport: { width: 1440, height: 900 } });
    await waitReady(app.page);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("is listed and shown as interrupted with the counts of the results it wrote and how to finish it", async () => {
    const { page } = app;
    const runId = seedKilledRun(app);
    await byTestId(page, "bottom-tab-runs").click();
    const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
    await expect.poll(() => row.locator(".rstatus").textContent()).toBe("interrupted");
    // 8 items read; done: 1-4 and 6 went through, 5 failed (its nodes below skipped); 7 and 8 were in flight.
    expect(await row.textContent()).toContain("6 / 8");
    expect(await row.locator(".rstatus").getAttribute("title")).toContain("Run the pipeline again");
    expect(await row.locator('[data-testid="run-accuracy"]').textContent()).toBe("80.0%");

    await row.locator('[data-testid="run-open"]').click();
    const bar = byTestId(page, "run-status");
    await expect.poll(() => bar.getAttribute("data-status")).toBe("interrupted");
    expect(await bar.getAttribute("data-run-id")).toBe(runId);
    expect(await byTestId(page, "run-status-text").textContent()).toBe("Interrupted");
    expect(await byTestId(page, "run-items").textContent()).toBe("6 / 8 items");
    expect(await byTestId(page, "run-calls").textContent()).toBe("16 calls"); // reason 6, selfeval 5, extract 5
    expect(await byTestId(page, "run-errors").textContent()).toBe("1 error");
    const hint = byTestId(page, "run-interrupted-hint");
    expect(await hint.isVisible()).toBe(true);
    expect(await hint.textContent()).toMatch(/Run the pipeline again to finish it: completed calls come from the cache/);
    expect(await bar.textContent()).not.toContain("Cancelled");
    await page.screenshot({ path: join(SCREENSHOTS, "interrupted-run.png") });
    expect(app.errors).toEqual([]);
  });
});
