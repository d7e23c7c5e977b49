/**
 * axe-core on every view (#22 item 7): the editor (with its Models, Pipeline and Data tabs, the ? sheet, the
 * Ctrl+K palette and the port menu), the outputs inspector with an item's trace, the Runs history, the compare
 * view and the review queue with its report, each in the light and the dark theme, with no critical or
 * serious violation (every axe rule on; a failure names each rule, its count and the first elements).
 * The data is the Cas-SEAT data template run twice against a fake vision model: the first run leaves items
 * waiting for review, the second (all cached) gives the compare view two runs of one pipeline.
 * Screenshots: a11y-<view>-<theme>.png.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeServer, type RecordedRequest } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { axeBothThemes } from "./axeDriver";
import { byTestId, waitReady } from "./editorDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";
import { openTemplateWithModels, runAndWait, selectNode, TEMPLATE_MODEL_IDS } from "./runDriver";

type Msg = { role: string; content: string | { type: string; text?: string }[] };
function lastUserText(req: RecordedRequest): string {
  const users = ((req.body as { messages: Msg[] }).messages ?? []).filter((m) => m.role === "user");
  const c = users[users.length - 1]?.content ?? "";
  return typeof c === "string" ? c : c.map((p) => p.text ?? "").join("\n");
}

/** Runs axe in both themes on the view as it is; returns one message per theme that has violations. */
function checkBothThemes(page: Page, view: string): Promise<string[]> {
  return axeBothThemes(page, view, (theme) => page.screenshot({ path: join(SCREENSHOTS, `a11y-${view}-${theme}.png`) }));
}

describe("accessibility (axe-core, light and dark)", () => {
  let app: AppHarness;
  let fake: FakeServer;
  const runs: string[] = [];

  beforeAll(async () => {
    process.env.OPENAI_API_KEY ??= "sk-e2e";
    const oracle = visualMathOracle({ pFirstTurn: 1, pAfterCheck: 1 });
    fake = await startFakeOpenAI({
      reply: (req) => {
        const text = lastUserText(req);
        if (!text.includes("Reply with only a JSON object")) return oracle(req);
        if (text.includes("Is the question clear")) return '{"score": 5, "label": "clear", "reason": "well posed"}';
        return '{"score": 5, "label": "sound", "reason": "holds"}';
      },
      models: TEMPLATE_MODEL_IDS,
    });
    app = await startApp({ viewport: { width: 1440, height: 900 } });
    await waitReady(app.page);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it("editor: canvas, node list, a node's form, the problems panel", async () => {
    const { page } = app;
    await openTemplateWithModels(page, "cas-seat-data.json", fake.url, ["judge", "reasoner"]);
    await selectNode(page, "reason");
    const found = await checkBothThemes(page, "editor");
    expect(found, found.join("\n")).toEqual([]);
  });

  it("editor's other surfaces: the Models and Pipeline tabs, the Data tab, the ? sheet, Ctrl+K and the port menu", async () => {
    const { page } = app;
    let found: string[] = [];
    await byTestId(page, "tab-models").click();
    found = [...found, ...(await checkBothThemes(page, "models"))];
    await byTestId(page, "tab-pipeline").click();
    found = [...found, ...(await checkBothThemes(page, "pipeline"))];
    await byTestId(page, "tab-node").click();
    await selectNode(page, "dataset");
    await byTestId(page, "bottom-tab-data").click();
    await page.locator(".dtable__table").waitFor();
    found = [...found, ...(await checkBothThemes(page, "data"))];
    await byTestId(page, "bottom-tab-problems").click();
    await page.keyboard.press("?");
    await byTestId(page, "shortcut-sheet").waitFor();
    found = [...found, ...(await checkBothThemes(page, "shortcut-sheet"))];
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+k");
    await byTestId(page, "command-palette").waitFor();
    found = [...found, ...(await checkBothThemes(page, "command-palette"))];
    await page.keyboard.press("Escape");
    await selectNode(page, "reason");
    await page.keyboard.press("c");
    await byTestId(page, "port-menu").waitFor();
    found = [...found, ...(await checkBothThemes(page, "port-menu"))];
    await page.keyboard.press("Escape");
    expect(found, found.join("\n")).toEqual([]);
  }, 240_000); // twelve axe passes over a 21-node canvas; slow when the machine is shared

  it("inspector: a node's outputs after a run and one item's trace", async () => {
    const { page } = app;
    runs.push(await runAndWait(page));
    runs.push(await runAndWait(page));
    await selectNode(page, "cot_score");
    await byTestId(page, "bottom-tab-outputs").click();
    await expect.poll(async () => page.locator('[data-testid="result-row"]').count()).toBeGreaterThan(0);
    let found = await checkBothThemes(page, "outputs");
    await page.locator('[data-testid="result-row"]').first().click();
    await byTestId(page, "trace-step-reason").waitFor();
    found = [...found, ...(await checkBothThemes(page, "trace"))];
    await byTestId(page, "trace-close").click();
    expect(found, found.join("\n")).toEqual([]);
  }, 180_000); // two runs of 18 items, then four axe passes

  it("runs: the history with two runs", async () => {
    const { page } = app;
    await byTestId(page, "bottom-tab-runs").click();
    await expect.poll(() => page.locator('[data-testid="run-row"]').count()).toBe(2);
    const found = await checkBothThemes(page, "runs");
    expect(found, found.join("\n")).toEqual([]);
  });

  it("compare: the two runs side by side", async () => {
    const { page } = app;
    for (const id of runs) await page.locator(`[data-testid="run-row"][data-run-id="${id}"] [data-testid="run-compare-check"]`).check();
    await byTestId(page, "runs-compare").click();
    await byTestId(page, "pair-card").first().waitFor();
    const found = await checkBothThemes(page, "compare").finally(() => byTestId(page, "compare-close").click());
    expect(found, found.join("\n")).toEqual([]);
  });

  it("review: the queue of a review node and its report", async () => {
    const { page } = app;
    await byTestId(page, "run-review-wait").first().locator('[data-testid="run-review-open"]').click();
    await byTestId(page, "review-panel").waitFor();
    await byTestId(page, "review-counter").waitFor();
    let found = await checkBothThemes(page, "review");
    await byTestId(page, "review-tab-report").click();
    found = [...found, ...(await checkBothThemes(page, "review-report"))];
    await byTestId(page, "review-close").click();
    expect(found, found.join("\n")).toEqual([]);
  });

  it("the page raised no errors", () => {
    expect(app.errors).toEqual([]);
  });
});
