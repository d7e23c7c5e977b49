/**
 * Experiments in the app: on Cas-SEAT against the deterministic fake vision model, "Vary this" makes the
 * reasoner's model and the self-evaluation template axes (undo takes one back), the Experiment tab gets the
 * second value of each (qwen2-vl-72b-instruct; a second template as text), previews 4 cells, runs them, and
 * the results matrix shows 4 cells with the accuracies `runs.compare` gives for the same runs (which are in
 * the Runs tab); the scatter marks the Pareto front; two ticked cells open in the compare view.
 * After a restart of the app over the same database, the experiment is in the tab's list of earlier ones and
 * opens with its 4 cells and matrix.
 * axe-core finds no critical or serious violation on the tab or the results. Screenshots (UPDATE_SCREENSHOTS=1):
 * docs/screenshots/experiment-matrix.png, experiment-scatter(-dark).png, experiment-panel.png, experiment-vary.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { axeProblems, describeProblems } from "./axeDriver";
import { byTestId, currentDoc, waitReady } from "./editorDriver";
import { addAxisValue, runExperimentAndWait, varyField } from "./experimentDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";
import { openTemplateWithModels, selectNode, TEMPLATE_MODEL_IDS } from "./runDriver";

const clearToasts = (page: AppHarness["page"]) => page.evaluate(() => document.querySelectorAll<HTMLElement>('[data-testid="toast"]').forEach((t) => t.click()));
const V2 = 'Check every count and reading again against the image, one step at a time. If something is off, fix it.\nEnd with one line of the form "Final answer: ...".';

describe("experiments in the app", () => {
  let app: AppHarness;
  let fake: FakeServer;
  const dir = mkdtempSync(join(tmpdir(), "cascade-e2e-exp-"));
  const dbPath = join(dir, "cascade.db");
  let runIdsOfFirst: string[] = [];

  beforeAll(async () => {
    process.env.OPENAI_API_KEY ??= "sk-e2e";
    fake = await startFakeOpenAI({ reply: visualMathOracle(), models: TEMPLATE_MODEL_IDS });
    app = await startApp({ viewport: { width: 1440, height: 900 }, dbPath });
    // Prices for the two reasoners (the fake is local, so free unless priced): the scatter then has a cost axis.
    await app.service.call("pricing.set", {
      overrides: { "qwen2-vl-7b-instruct": { inputPerMillion: 0.2, outputPerMillion: 0.6 }, "qwen2-vl-72b-instruct": { inputPerMillion: 1.2, outputPerMillion: 3.6 } },
    });
    await waitReady(app.page);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("defines a 2×2 experiment with Vary this, runs it and shows the matrix with the runs' accuracies", async () => {
    const { page } = app;
    await openTemplateWithModels(page, "cas-seat.json", fake.url, ["reasoner", "extractor"]);

    // Axis 1: the reasoner's model, from the Models tab.
    await byTestId(page, "tab-models").click();
    await varyField(page, "models.reasoner.model");
    // Axis 2: the self-evaluation's template; undo takes the axis back, redo is "Vary this" again.
    await byTestId(page, "tab-node").click();
    await selectNode(page, "selfeval");
    // A click into the template editor edits the template; it does not press the field's Vary button.
    await byTestId(page, "template-editor").locator(".cm-content").click();
    expect((await currentDoc(page)).experiment?.axes).toHaveLength(1);
    await clearToasts(page);
    await page.screenshot({ path: join(SCREENSHOTS, "experiment-vary.png") });
    await varyField(page, "nodes.selfeval.config.template");
    await byTestId(page, "undo").click();
    await byTestId(page, "vary-nodes.selfeval.config.template").waitFor();
    expect((await currentDoc(page)).experiment?.axes.map((a) => a.path)).toEqual(["models.reasoner.model"]);
    await varyField(page, "nodes.selfeval.config.template");

    await byTestId(page, "tab-experiment").click();
    expect(await byTestId(page, "tab-experiment").textContent()).toBe("Experiment (2)");
    await addAxisValue(page, 0, "qwen2-vl-72b-instruct");
    await addAxisValue(page, 1, V2);
    const doc = await currentDoc(page);
    const v1 = (doc.nodes.find((n) => n.id === "selfeval")!.config as { template: string }).template;
    expect(doc.experiment).toEqual({ axes: [{ path: "models.reasoner.model", values: ["qwen2-vl-7b-instruct", "qwen2-vl-72b-instruct"] }, { path: "nodes.selfeval.config.template", values: [v1, V2] }] });
    await expect.poll(() => page.locator('[data-testid="experiment-cell"]').count()).toBe(4);

    // Preview: 4 cells; the second cell of each model shares the first's 18 Reason calls.
    await byTestId(page, "experiment-preview-btn").click();
    await expect.poll(() => page.locator('[data-testid="experiment-preview-cell"]').count(), { timeout: 30_000 }).toBe(4);
    const preview = await app.service.call("experiments.preview", { doc });
    expect(preview.perCell[1].sharedWithEarlier).toBe(18);
    expect(await byTestId(page, "experiment-preview-total").textContent()).toContain(`${preview.calls} calls, ${preview.cacheHits} of them cache hits`);
    await clearToasts(page);
    await byTestId(page, "experiment-preview").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, "experiment-panel.png") });
    expect(describeProblems("Experiment tab", await axeProblems(page))).toBe("Experiment tab: no critical or serious violation");

    expect(await runExperimentAndWait(page)).toBe("done");
    const cells = page.locator('[data-testid="experiment-cell"]');
    expect(await cells.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).toEqual(["done", "done", "done", "done"]);
    const runIds = await cells.evaluateAll((els) => els.map((e) => e.getAttribute("data-run-id")!));
    expect(new Set(runIds).size).toBe(4);

    // The matrix: 4 cells, each with the accuracy runs.compare gives its run.
    await byTestId(page, "experiment-results-btn").click();
    const rows = page.locator('[data-testid="matrix-row"]');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-run-id")))).toEqual(runIds);
    const compared = await app.service.call("runs.compare", { runIds });
    const shown = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-accuracy"))));
    expect(shown).toEqual(runIds.map((id) => compared.accuracy.find((a) => a.runId === id)!.value));
    const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
    for (const [i, id] of runIds.entries()) {
      const a = compared.accuracy.find((x) => x.runId === id)!;
      expect(await rows.nth(i).locator('[data-testid="matrix-accuracy"]').textContent()).toBe(`${pct(a.value)} [${(a.low! * 100).toFixed(0)}%–${(a.high! * 100).toFixed(0)}%] n=${a.n}`);
    }
    expect(await page.locator('[data-testid="pair-row"]').count()).toBe(6);
    expect(await byTestId(page, "experiment-best").textContent()).toMatch(/^c\d (is best|has the highest accuracy)/);

    // Per-category accuracy by answer_type; the scatter marks the front (the cheaper model at equal accuracy).
    await byTestId(page, "experiment-by").selectOption("answer_type");
    await expect.poll(() => rows.first().locator('[data-testid="matrix-category"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="scatter-point"]').count()).toBe(4);
    const front = await page.locator('[data-testid="scatter-point"][data-front="true"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-cell")));
    expect(front.length).toBeGreaterThan(0);
    expect(front.every((c) => c === "c1" || c === "c2")).toBe(true); // the 72b cells cost more for the same replies
    await clearToasts(page);
    await page.screenshot({ path: join(SCREENSHOTS, "experiment-matrix.png") });
    await byTestId(page, "experiment-scatter-section").screenshot({ path: join(SCREENSHOTS, "experiment-scatter.png") });
    expect(describeProblems("experiment results", await axeProblems(page))).toBe("experiment results: no critical or serious violation");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
    await page.waitForTimeout(300); // colour transitions settle before axe reads computed styles (as accessibility.test.ts)
    await byTestId(page, "experiment-scatter-section").screenshot({ path: join(SCREENSHOTS, "experiment-scatter-dark.png") });
    expect(describeProblems("experiment results, dark", await axeProblems(page))).toBe("experiment results, dark: no critical or serious violation");
    await page.emulateMedia({ colorScheme: "light" });

    // Every cell is a normal run: in the Runs tab. Two ticked cells open in the compare view.
    await page.locator('[data-testid="matrix-select"]').nth(0).check();
    await page.locator('[data-testid="matrix-select"]').nth(1).check();
    await byTestId(page, "experiment-compare").click();
    await byTestId(page, "pair-card").waitFor();
    expect(await page.locator('[data-testid="compare-chip"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-run-id")))).toEqual(runIds.slice(0, 2));
    await byTestId(page, "compare-close").click();
    await byTestId(page, "experiment-results-close").click();
    await byTestId(page, "bottom-tab-runs").click();
    for (const id of runIds) await page.locator(`[data-testid="run-row"][data-run-id="${id}"]`).waitFor();

    // A reload of the page keeps the experiment: its cells and results come back from the service.
    await page.reload();
    await waitReady(page);
    await byTestId(page, "tab-experiment").click();
    await byTestId(page, "experiment-results-btn").click();
    await expect.poll(() => page.locator('[data-testid="matrix-row"]').count()).toBe(4);
    expect(await page.locator('[data-testid="matrix-row"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-run-id")))).toEqual(runIds);
    expect(app.errors).toEqual([]);
    runIdsOfFirst = runIds;
  }, 240_000);

  it("lists the experiment after a restart of the app and opens it with its cells and matrix", async () => {
    expect(runIdsOfFirst).toHaveLength(4);
    await app.close();
    app = await startApp({ viewport: { width: 1440, height: 900 }, dbPath });
    const { page } = app;
    await waitReady(page);
    await byTestId(page, "tab-experiment").click();
    const past = byTestId(page, "experiment-past");
    await past.locator("summary").click();
    const row = page.locator('[data-testid="experiment-past-row"]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getAttribute("data-status")).toBe("done");
    expect(await row.textContent()).toContain("Done · 4/4 cells");
    await row.locator('[data-testid="experiment-open"]').click();
    const cells = page.locator('[data-testid="experiment-cell"]');
    await expect.poll(() => cells.evaluateAll((els) => els.map((e) => e.getAttribute("data-run-id")))).toEqual(runIdsOfFirst);
    expect(await byTestId(page, "experiment-status").getAttribute("data-status")).toBe("done");
    await clearToasts(page);
    await past.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, "experiment-earlier.png") });
    expect(describeProblems("earlier experiments", await axeProblems(page))).toBe("earlier experiments: no critical or serious violation");
    await byTestId(page, "experiment-results-btn").click();
    await expect.poll(() => page.locator('[data-testid="matrix-row"]').count()).toBe(4);
    expect(await page.locator('[data-testid="matrix-row"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-run-id")))).toEqual(runIdsOfFirst);
    expect(app.errors).toEqual([]);
  }, 120_000);
});
