/**
 * Items that wait for review are hard to miss (#22 item 3): after the Cas-SEAT data template's first run the run
 * bar says, per review node, "N items wait for review at <node> — Review", the button opens that node's queue,
 * and the lines (and the node badges) come back when the pipeline is reopened with Open…. Also #22 item 9: the
 * outputs inspector's table gets the room (at 1440×900 it was 211 px, about 8 rows).
 * Screenshots: review-waiting.png (the run bar), review-waiting-reopened.png, outputs-table-height.png.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeServer, type RecordedRequest } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { byTestId, waitReady } from "./editorDriver";
import { ROOT, SCREENSHOTS, startApp, type AppHarness } from "./harness";
import { openTemplateWithModels, runAndWait, selectNode, TEMPLATE_MODEL_IDS } from "./runDriver";

type Msg = { role: string; content: string | { type: string; text?: string }[] };
function lastUserText(req: RecordedRequest): string {
  const users = ((req.body as { messages: Msg[] }).messages ?? []).filter((m) => m.role === "user");
  const c = users[users.length - 1]?.content ?? "";
  return typeof c === "string" ? c : c.map((p) => p.text ?? "").join("\n");
}

describe("items waiting for review", () => {
  let app: AppHarness;
  let fake: FakeServer;
  let templates: string;

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
    templates = mkdtempSync(join(tmpdir(), "cascade-review-waiting-e2e-"));
    cpSync(join(ROOT, "templates"), templates, { recursive: true });
    app = await startApp({ templatesDir: templates, service: { outputsDir: `${templates}-outputs` }, viewport: { width: 1440, height: 900 } });
    await waitReady(app.page);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
    if (templates) for (const dir of [templates, `${templates}-outputs`]) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it("says on the run bar which review nodes wait, opens their queue, and says it again after Open…", async () => {
    const { page, service } = app;
    await openTemplateWithModels(page, "cas-seat-data.json", fake.url, ["judge", "reasoner"]);
    await byTestId(page, "lib-save").click();
    await expect.poll(async () => (await service.call("pipelines.list", undefined)).length).toBe(1);
    const [saved] = await service.call("pipelines.list", undefined);
    const runId = await runAndWait(page);
    expect(await byTestId(page, "run-status").getAttribute("data-status")).toBe("done");

    // What the run left waiting, per review node, as the store counts it.
    const detail = await service.call("runs.get", { runId });
    const reviewNodes = detail.doc.nodes.filter((n) => n.kind === "review");
    const expected = reviewNodes.map((n) => ({ id: n.id, label: n.label ?? n.id, count: detail.nodes[n.id]?.pending ?? 0 })).filter((w) => w.count > 0);
    expect(expected.length).toBeGreaterThanOrEqual(1);

    const lines = byTestId(page, "run-review-wait");
    const shown = async () => lines.evaluateAll((els) => els.map((e) => ({ id: e.getAttribute("data-node-id"), text: e.querySelector('[data-testid="run-review-text"]')?.textContent })));
    const phrases = expected.map((w) => ({ id: w.id, text: `${w.count} ${w.count === 1 ? "item waits" : "items wait"} for review at ${w.label} —` }));
    await expect.poll(shown).toEqual(phrases);
    await page.screenshot({ path: join(SCREENSHOTS, "review-waiting.png") });

    // Review opens that node's queue in this run.
    await lines.first().locator('[data-testid="run-review-open"]').click();
    const panel = byTestId(page, "review-panel");
    await panel.waitFor();
    expect(await panel.getAttribute("data-run-id")).toBe(runId);
    await expect.poll(() => byTestId(page, "review-counter").textContent()).toMatch(new RegExp(`· ${expected[0].count} waiting$`));
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });

    // Another pipeline replaces it (the finished run's bar goes), then Open… brings it back with its run.
    await openTemplateWithModels(page, "cot.json", fake.url, []);
    await expect.poll(() => byTestId(page, "run-status").count()).toBe(0);
    await byTestId(page, "lib-open").click();
    await byTestId(page, `open-${saved.id}`).click();
    await expect.poll(() => byTestId(page, "run-status").getAttribute("data-run-id")).toBe(runId);
    await expect.poll(shown).toEqual(phrases);
    const badge = byTestId(page, `review-badge-${expected[0].id}`);
    await expect.poll(() => badge.getAttribute("data-waiting")).toBe(String(expected[0].count));
    // The pause sign is an SVG (the ⏸ character is an empty box in Debian Chromium's fonts).
    expect(await badge.textContent()).toBe(`${expected[0].count} to review`);
    expect(await badge.locator('[data-testid="pause-icon"]').count()).toBe(1);
    // Looked at magnified (a badge is 11 px tall): the glyph must be two bars, not an empty box.
    // A copy of the badge, 4× as large above the canvas, for the screenshot only (the canvas zoom shrinks the original).
    await badge.evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.id = "badge-magnified";
      copy.style.cssText = "position:fixed;left:300px;top:420px;z-index:999;transform:scale(4);transform-origin:0 0";
      document.body.appendChild(copy);
    });
    await page.screenshot({ path: join(SCREENSHOTS, "review-badge.png"), clip: { x: 290, y: 410, width: 480, height: 100 } });
    await page.evaluate(() => document.getElementById("badge-magnified")?.remove());
    await page.screenshot({ path: join(SCREENSHOTS, "review-waiting-reopened.png") });
    expect(app.errors).toEqual([]);
  });

  it("gives the outputs table the room of half the window at 1440×900", async () => {
    const { page } = app;
    await selectNode(page, "reason");
    await byTestId(page, "bottom-tab-outputs").click();
    await expect.poll(async () => Number(await byTestId(page, "results-table").getAttribute("data-total"))).toBeGreaterThan(0);
    const height = await byTestId(page, "results-scroll").evaluate((el) => el.getBoundingClientRect().height);
    const row = await page.locator('[data-testid="result-row"]').first().evaluate((el) => el.getBoundingClientRect().height);
    // Was 211 px (about 8 rows) in a 340 px panel; the panel now takes half the window's height.
    expect(height).toBeGreaterThan(300);
    expect(height / row).toBeGreaterThan(11);
    await page.screenshot({ path: join(SCREENSHOTS, "outputs-table-height.png") });
  });
});
