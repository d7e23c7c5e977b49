/**
 * The results grid: two runs (Cas-SEAT and SEAT against a fake vision model on the sample data) side by side,
 * items × runs coloured by right/wrong, each header's pass rate equal to the run's accuracy in runs.compare;
 * clicking a cell opens that item's trace in that run. Screenshot docs/screenshots/results-grid.png.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { byTestId, waitReady } from "./editorDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";
import { openTemplateWithModels, runAndWait, TEMPLATE_MODEL_IDS } from "./runDriver";

describe("results grid", () => {
  let app: AppHarness;
  let fake: FakeServer;

  beforeAll(async () => {
    process.env.OPENAI_API_KEY ??= "sk-e2e";
    fake = await startFakeOpenAI({ reply: visualMathOracle(), models: TEMPLATE_MODEL_IDS });
    app = await startApp({ viewport: { width: 1440, height: 900 } });
    await waitReady(app.page);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it("shows items × runs coloured by the score, pass rates in the headers, a cell's trace on click", async () => {
    const { page } = app;
    await openTemplateWithModels(page, "cas-seat.json", fake.url, ["reasoner", "extractor"]);
    const cas = await runAndWait(page);
    await openTemplateWithModels(page, "seat.json", fake.url, Object.keys((await app.service.call("templates.open", { file: "seat.json" })).models));
    const seat = await runAndWait(page);

    await byTestId(page, "bottom-tab-runs").click();
    for (const id of [cas, seat]) await page.locator(`[data-testid="run-row"][data-run-id="${id}"] [data-testid="run-compare-check"]`).check();
    await byTestId(page, "runs-grid").click();
    await expect.poll(() => byTestId(page, "grid-row").count()).toBeGreaterThan(5);

    // Pass rates are the runs' accuracies as runs.compare reports them.
    const compare = await app.service.call("runs.compare", { runIds: [cas, seat] });
    for (const [i, acc] of compare.accuracy.entries()) {
      const shown = Number(await byTestId(page, `grid-run-${i}`).getAttribute("data-pass-rate"));
      expect(shown).toBeCloseTo(acc.value!, 10);
    }
    // Each cell's colour is its item's score in that run.
    const items = await app.service.call("runs.compareItems", { runIds: [cas, seat], nodeId: "answer", limit: 100 });
    const first = items.rows[0];
    const row = page.locator(`[data-testid="grid-row"][data-item-id="${first.itemId}"]`);
    for (const i of [0, 1]) {
      const s = first.scores![i];
      expect(await row.locator(`[data-testid="grid-cell-${i}"]`).getAttribute("data-verdict")).toBe(s === null ? "none" : s >= 1 ? "right" : s <= 0 ? "wrong" : "partial");
    }
    const verdicts = await page.locator('[data-testid="grid-cell-0"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-verdict")));
    expect(verdicts.filter((v) => v === "right").length).toBe(items.rows.filter((r) => r.scores![0] === 1).length);
    await page.screenshot({ path: join(SCREENSHOTS, "results-grid.png") });

    // A click opens that item's trace in that run.
    await row.locator('[data-testid="grid-cell-1"]').click();
    await expect.poll(() => byTestId(page, "trace").getAttribute("data-item-id")).toBe(first.itemId);
    await page.screenshot({ path: join(SCREENSHOTS, "results-grid-trace.png") });
    await byTestId(page, "trace-close").click();
    await byTestId(page, "results-grid-close").click();
    await expect.poll(() => byTestId(page, "results-grid").count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
