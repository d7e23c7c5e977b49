/**
 * Runs, the outputs inspector and the compare view in Chromium against the real browser-mode server and a
 * fake OpenAI-compatible server playing a vision model on the sample visual-maths data (visualMathOracle):
 * run Cas-SEAT and SEAT from the gallery with their models pointed at the fake, watch the badges, open the
 * score node's outputs and an item's trace (messages, image), rename the runs, compare them, and check that
 * the numbers shown equal `cascade compare --json` on the same database. Screenshots: docs/screenshots/
 * run.png, inspector.png, compare.png.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompareResult } from "../../src/shared/compare/types";
import { formatP } from "../../src/shared/compare/pairComparison";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { byTestId, waitReady } from "./editorDriver";
import { ROOT, SCREENSHOTS, startApp, type AppHarness } from "./harness";
import { badgeTexts, openTemplateWithModels, runAndWait, selectNode, TEMPLATE_MODEL_IDS } from "./runDriver";

const SHOTS = SCREENSHOTS;
const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
const pts = (v: number) => `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)} pts`;

describe("run, inspect and compare", () => {
  let app: AppHarness;
  let fast: FakeServer;
  let slow: FakeServer;
  let dir: string;
  let dbPath: string;
  const ids: { cas?: string; seat?: string } = {};
  let casAccuracy = NaN;

  beforeAll(async () => {
    process.env.OPENAI_API_KEY ??= "sk-e2e";
    fast = await startFakeOpenAI({ reply: visualMathOracle(), models: TEMPLATE_MODEL_IDS });
    slow = await startFakeOpenAI({ reply: visualMathOracle(), latencyMs: 400, models: TEMPLATE_MODEL_IDS });
    dir = mkdtempSync(join(tmpdir(), "cascade-ric-e2e-"));
    dbPath = join(dir, "cascade.db");
    app = await startApp({ dbPath, viewport: { width: 1440, height: 900 } });
    await waitReady(app.page);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
    await fast?.close();
    await slow?.close();
    if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it("runs Cas-SEAT: live status, done badges, the score node's outputs and an item's trace with its image", async () => {
    const { page } = app;
    await openTemplateWithModels(page, "cas-seat.json", fast.url, ["reasoner", "extractor"]);

    // Preview first: 18 items, 4 calls each at most, nothing cached yet, and the messages of one item with its image.
    await byTestId(page, "run-menu").click();
    await byTestId(page, "run-preview").click();
    await expect.poll(() => byTestId(page, "preview-items").textContent(), { timeout: 20_000 }).toBe("18");
    expect(Number(await byTestId(page, "preview-calls").textContent())).toBeGreaterThanOrEqual(18 * 2);
    expect(await byTestId(page, "preview-cached").textContent()).toBe("0");
    const reasonPreview = byTestId(page, "preview-node-reason");
    await reasonPreview.waitFor();
    expect(await reasonPreview.locator('[data-testid="message"][data-role="user"]').textContent()).toMatch(/Question:/);
    await expect.poll(() => reasonPreview.locator('[data-testid="image-thumb"]').first().evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, "preview.png") });
    await byTestId(page, "dialog-close").click();

    ids.cas = await runAndWait(page);
    expect(await byTestId(page, "run-status").getAttribute("data-status")).toBe("done");
    await expect.poll(() => badgeTexts(page, "score")).toEqual(["✓ 18"]);
    // Accuracy where one looks: on the run bar and on the score node, the same number with its interval.
    await expect.poll(() => byTestId(page, "runbar-accuracy").textContent()).toMatch(/^Accuracy \d+\.\d% \[\d+%–\d+%\] n=18$/);
    casAccuracy = Number(await byTestId(page, "runbar-accuracy").getAttribute("data-value"));
    const runBarPct = (await byTestId(page, "runbar-accuracy").locator("b").textContent())!;
    expect(await byTestId(page, "node-accuracy-score").textContent()).toMatch(new RegExp(`^${runBarPct.replace(".", "\\.")} \\[\\d+%–\\d+%\\] · n=18$`));
    await expect.poll(() => badgeTexts(page, "reason")).toEqual(["✓ 18"]);
    expect(await byTestId(page, "node-progress-score").getAttribute("data-progress")).toBe("1.000");
    expect(await byTestId(page, "run-calls").textContent()).toBe(`${fast.calls} calls`);

    // The score node's outputs: 18 rows, score and correct columns.
    await selectNode(page, "score");
    await byTestId(page, "bottom-tab-outputs").click();
    await expect.poll(() => byTestId(page, "results-table").getAttribute("data-total")).toBe("18");
    expect(await byTestId(page, "outputs-panel").getAttribute("data-node-id")).toBe("score");
    await expect.poll(() => page.locator('[data-testid="result-row"]').count()).toBe(18);
    const scores = await page.locator('[data-testid="result-row"] [data-testid="cell-score"]').allTextContents();
    expect(scores.every((s) => s === "0" || s === "1")).toBe(true);

    // Filter: failed rows (none), then back.
    await byTestId(page, "outputs-status").selectOption("failed");
    await expect.poll(() => byTestId(page, "results-table").getAttribute("data-total")).toBe("0");
    await byTestId(page, "outputs-status").selectOption("");
    await expect.poll(() => byTestId(page, "results-table").getAttribute("data-total")).toBe("18");

    // Copy a row as JSON; export the node's results as CSV (pages fetched, one Blob download).
    await page.locator('[data-testid="result-row"]').first().locator('[data-testid="copy-row"]').click();
    const lastCopy = () => page.evaluate(() => (window as { __cascadeLastCopy?: string }).__cascadeLastCopy ?? null);
    await expect.poll(lastCopy).not.toBeNull();
    const copied = JSON.parse((await lastCopy())!);
    expect(copied).toMatchObject({ nodeId: "score", status: "done", output: { score: expect.any(Number) } });
    const [download] = await Promise.all([page.waitForEvent("download"), byTestId(page, "export-csv").click()]);
    expect(download.suggestedFilename()).toBe(`${ids.cas}-score.csv`);
    const csv = readFileSync((await download.path())!, "utf8").trimEnd().split("\n");
    expect(csv[0]).toBe("item,status,score,correct,rule,parsed,error,latency_ms,input_tokens,output_tokens"); // the score node names the rule that decided
    expect(csv).toHaveLength(19);

    // One item's trace: every node, the exact messages (with the image) and the reply.
    const first = page.locator('[data-testid="result-row"]').first();
    const itemId = (await first.getAttribute("data-item-id"))!;
    await first.click();
    await expect.poll(() => byTestId(page, "trace").getAttribute("data-item-id")).toBe(itemId);
    const reason = byTestId(page, "trace-step-reason");
    await reason.waitFor();
    expect(await reason.locator('[data-testid="message"][data-role="user"]').count()).toBeGreaterThan(0);
    const img = reason.locator('[data-testid="trace-call"] [data-testid="image-thumb"]').first();
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
    expect(await reason.locator('[data-testid="trace-reply"]').first().textContent()).toMatch(/Final answer:/);
    expect(await reason.locator('[data-testid="trace-model"]').first().textContent()).toMatch(/qwen2-vl-7b-instruct/);
    await expect.poll(() => byTestId(page, "trace-step-selfeval").locator('[data-testid="message"][data-role="assistant"]').count()).toBeGreaterThan(0);
    await byTestId(page, "trace-step-score").waitFor();
    await page.screenshot({ path: join(SHOTS, "inspector.png") });
    await byTestId(page, "trace-close").click();
  });

  it("runs SEAT against a slower server: progress, ETA and the streaming reply while it runs", async () => {
    const { page } = app;
    await page.evaluate(() => document.querySelectorAll<HTMLElement>('[data-testid="toast"]').forEach((t) => t.click())); // clear toasts for the screenshot
    await openTemplateWithModels(page, "seat.json", slow.url, ["reasoner", "extractor"]);
    await byTestId(page, "run-all").click();
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="run-status"]');
      const text = document.querySelector('[data-testid="run-stream-text"]')?.textContent ?? "";
      return el?.getAttribute("data-status") === "running" && /\w{3,}/.test(text) && !text.startsWith("Waiting");
    }, undefined, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="node-run-seat"] .badge').length > 0);
    await page.screenshot({ path: join(SHOTS, "run.png") });
    await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.getAttribute("data-status") === "done", undefined, { timeout: 60_000 });
    ids.seat = (await byTestId(page, "run-status").getAttribute("data-run-id"))!;
    expect(ids.seat).not.toBe(ids.cas);
    await expect.poll(() => badgeTexts(page, "score")).toEqual(["✓ 18"]);

    // Run to here on the answer node: everything above comes from the cache, the score node is not run.
    // The Outputs tab (open since the first test) takes half the window; on the short canvas left the node's
    // toolbar can lie under the run bar, so go back to the Problems tab first.
    await byTestId(page, "bottom-tab-problems").click();
    await selectNode(page, "answer");
    await byTestId(page, "run-to-here").click();
    await page.waitForFunction((prev) => {
      const el = document.querySelector('[data-testid="run-status"]');
      return el?.getAttribute("data-run-id") !== prev && el?.getAttribute("data-status") === "done";
    }, ids.seat);
    expect(await byTestId(page, "run-calls").textContent()).toBe("0 calls");
    // 18 reasoner calls: the oracle's replies end on a "Final answer" line, so the rules read every answer and the
    // extractor model is never asked (its prompt takes the rules' answer as its shortcut).
    expect(await byTestId(page, "run-cache-hits").textContent()).toBe("18 cached");
    await expect.poll(() => badgeTexts(page, "answer")).toEqual(["✓ 18"]);
    expect(await byTestId(page, "node-run-score").count()).toBe(0);
    const partial = (await byTestId(page, "run-status").getAttribute("data-run-id"))!;
    // Delete that partial run from the Runs tab.
    await byTestId(page, "bottom-tab-runs").click();
    await page.locator(`[data-testid="run-row"][data-run-id="${partial}"] [data-testid="run-delete"]`).click();
    await page.locator(`[data-testid="run-row"][data-run-id="${partial}"] [data-testid="run-delete-confirm"]`).click();
    await expect.poll(() => page.locator(`[data-testid="run-row"][data-run-id="${partial}"]`).count()).toBe(0);
  });

  it("renames both runs, compares them and shows the same numbers as `cascade compare --json`", async () => {
    const { page } = app;
    await byTestId(page, "bottom-tab-runs").click();
    await expect.poll(() => page.locator('[data-testid="run-row"]').count()).toBe(2);
    for (const [id, label] of [[ids.seat!, "SEAT"], [ids.cas!, "Cas-SEAT"]] as const) {
      const row = page.locator(`[data-testid="run-row"][data-run-id="${id}"]`);
      await row.locator('[data-testid="run-rename"]').click();
      await row.locator('[data-testid="run-label-input"]').fill(label);
      await row.locator('[data-testid="run-label-input"]').press("Enter");
      await expect.poll(() => row.locator('[data-testid="run-label"]').textContent()).toBe(label);
    }
    // Re-open the Cas-SEAT run's pipeline as it ran: its nodes and its counts come back on the canvas.
    await page.locator(`[data-testid="run-row"][data-run-id="${ids.cas}"] [data-testid="run-open"]`).click();
    await expect.poll(() => byTestId(page, "pipeline-name").inputValue()).toMatch(/^Cas-SEAT/);
    await expect.poll(() => badgeTexts(page, "selfeval")).toEqual(["✓ 18"]);
    expect(await byTestId(page, "run-status").getAttribute("data-run-id")).toBe(ids.cas);

    // Ticked SEAT first, but the baseline is the run that started first (Cas-SEAT): click order never decides.
    await page.locator(`[data-testid="run-row"][data-run-id="${ids.seat}"] [data-testid="run-compare-check"]`).check();
    await page.locator(`[data-testid="run-row"][data-run-id="${ids.cas}"] [data-testid="run-compare-check"]`).check();
    await byTestId(page, "runs-compare").click();
    await byTestId(page, "pair-card").waitFor();

    const cliCompare = (...extra: string[]): CompareResult => {
      const cli = spawnSync(process.execPath, [join(ROOT, "bin/cascade.mjs"), "compare", ids.seat!, ids.cas!, "--db", dbPath, "--json", ...extra], { cwd: ROOT, encoding: "utf8" });
      expect(cli.status, cli.stderr).toBe(0);
      return JSON.parse(cli.stdout) as CompareResult;
    };
    const expected = cliCompare();
    const pair = expected.pairs[0];
    expect(expected.runs.map((r) => r.id)).toEqual([ids.cas, ids.seat]);
    expect(expected.accuracy[0].value).toBe(casAccuracy); // the run bar's accuracy is the compare view's

    // Runs told apart: letter, label, start time and model, in the same order in the chips, legend and accuracy lines.
    expect(await page.locator('[data-testid="compare-chip"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-run-id")))).toEqual([ids.cas, ids.seat]);
    const legend = await page.locator('[data-testid="compare-legend-row"]').allTextContents();
    expect(legend[0]).toMatch(/^ ACas-SEAT · \d{4}-\d\d-\d\d \d\d:\d\d · .*qwen2-vl-7b-instruct.*baseline \(started first\)$/);
    expect(legend[1]).toMatch(/^ BSEAT · /);
    expect(await page.locator('[data-testid="accuracy-row"] th').allTextContents()).toEqual(["A · Cas-SEAT", "B · SEAT"]);
    expect(await byTestId(page, "pair-title").textContent()).toBe("B · SEAT vs A · Cas-SEAT (18 paired items)");

    expect(await page.locator('[data-testid="accuracy-value"]').allTextContents()).toEqual(expected.accuracy.map((a) => pct(a.value)));
    expect(Number(await byTestId(page, "pair-p").getAttribute("data-p"))).toBe(pair.mcnemar.p);
    expect(await byTestId(page, "pair-p").textContent()).toBe(formatP(pair.mcnemar.p));
    expect(await byTestId(page, "pair-verdict").textContent()).toBe(pair.verdict.text);
    expect(await byTestId(page, "pair-explanation").textContent()).toBe(pair.verdict.explanation);
    expect(await byTestId(page, "pair-diff").textContent()).toBe(pts(pair.difference!));
    expect(await byTestId(page, "pair-ci").textContent()).toBe(`${pts(pair.bootstrap!.low)} to ${pts(pair.bootstrap!.high)}`);
    expect(await byTestId(page, "pair-counts").textContent()).toContain(`A right, B wrong: ${pair.counts.aBetter} (b) · B right, A wrong: ${pair.counts.bBetter} (c)`);
    expect(await byTestId(page, "pair-power").textContent()).toBe(pair.power.text);
    expect(expected.accuracy[0].value!).toBeGreaterThan(expected.accuracy[1].value!);

    // What differs: SEAT has one prompt where Cas-SEAT has two.
    const diffRows = page.locator('[data-testid="config-diff-row"]');
    expect(await diffRows.count()).toBe(expected.configDiff.length);
    expect(await page.locator('[data-testid="config-diff-row"][data-path="nodes.selfeval"] th').textContent()).toBe("Self-evaluate (selfeval) · node");
    // The per-node table names nodes by label.
    expect(await page.locator('[data-testid="node-metrics-reason"] th').textContent()).toBe("Reason reason");

    // Accuracy by a dataset column, as `cascade compare --by answer_type`.
    await byTestId(page, "compare-by").selectOption("answer_type");
    await byTestId(page, "category-table").waitFor();
    const byType = cliCompare("--by", "answer_type").categories[0];
    expect(await page.locator('[data-testid="category-row"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-value")))).toEqual(byType.rows.map((r) => r.value));
    const firstCell = await page.locator('[data-testid="category-row"]').first().locator('[data-testid="category-cell"]').first().textContent();
    const a0 = byType.rows[0].accuracy[0];
    expect(firstCell).toBe(`${pct(a0.value)} [${pct(a0.low)}, ${pct(a0.high)}] (${a0.sum} / ${a0.n})`);
    await byTestId(page, "compare-help").locator("summary").click();
    expect(await byTestId(page, "compare-help").textContent()).toContain("b: items A got right and B got wrong");
    expect(await page.locator('[data-testid="accuracy-mark"]').count()).toBe(2);

    expect(await page.locator('[data-testid="latency-chart"] path').count()).toBe(2);

    // Per-item outputs of the answer node, only where the runs disagree, with a word diff.
    expect(await byTestId(page, "compare-items-node").inputValue()).toBe("answer");
    await expect.poll(async () => Number((await byTestId(page, "compare-items-total").textContent())?.split(" ")[0])).toBe(pair.counts.answersDiffer);
    const diffs = page.locator('[data-testid="compare-item"] [data-testid="compare-cell-1"] :is([data-testid="diff-add"], [data-testid="diff-del"])');
    await expect.poll(() => diffs.count()).toBeGreaterThan(0);
    await byTestId(page, "compare-help").locator("summary").click(); // closed again for the screenshot
    await byTestId(page, "compare-view").locator(".compare__body").evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, "compare.png") });

    // Mark SEAT as the baseline: the direction flips, as `cascade compare --baseline`.
    await byTestId(page, "compare-make-baseline").click();
    await expect.poll(() => byTestId(page, "pair-title").textContent()).toBe("B · Cas-SEAT vs A · SEAT (18 paired items)");
    const flipped = cliCompare("--baseline", ids.seat!).pairs[0];
    expect(await byTestId(page, "pair-diff").textContent()).toBe(pts(flipped.difference!));
    expect(flipped.difference).toBeCloseTo(-pair.difference!, 12);
    expect(await byTestId(page, "compare-baseline-mark").getAttribute("title")).toBe("baseline (marked ★)");
    await byTestId(page, "theme-toggle").click(); // system → light
    await byTestId(page, "theme-toggle").click(); // light → dark
    await page.waitForSelector('html[data-theme="dark"]');
    await page.screenshot({ path: join(SHOTS, "compare-dark.png") });
    expect(app.errors).toEqual([]);
  });

  it("shows a run in which every item failed as Failed, in red (a server that refuses every call)", async () => {
    const { page } = app;
    await byTestId(page, "compare-close").click();
    const refusing = await startFakeOpenAI({ reply: visualMathOracle(), models: TEMPLATE_MODEL_IDS, faults: () => "400" });
    await openTemplateWithModels(page, "seat.json", refusing.url, ["reasoner", "extractor"]);
    await byTestId(page, "run-all").click();
    await page.waitForFunction(() => ["failed", "done"].includes(document.querySelector('[data-testid="run-status"]')?.getAttribute("data-status") ?? ""), undefined, { timeout: 60_000 });
    expect(await byTestId(page, "run-status").getAttribute("data-status")).toBe("failed");
    expect(await byTestId(page, "run-status-text").textContent()).toBe("Failed");
    const [statusColor, bad] = await byTestId(page, "run-status-text").evaluate((el) => [getComputedStyle(el).color, getComputedStyle(document.documentElement).getPropertyValue("--bad").trim()]);
    expect(statusColor).toBe(await page.evaluate((c) => { const d = document.createElement("div"); d.style.color = c; document.body.append(d); const v = getComputedStyle(d).color; d.remove(); return v; }, bad));
    expect(await byTestId(page, "runbar-accuracy").textContent()).toBe("no item scored");
    await page.screenshot({ path: join(SHOTS, "run-failed.png") });
    await refusing.close();
  });
});
