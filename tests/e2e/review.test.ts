/**
 * Human review in Chromium: the Cas-SEAT data template (models pointed at a fake OpenAI-compatible server)
 * runs, its hand-check node shows how many items wait; one click opens the queue; the items are decided BY
 * KEYBOARD (A accept, R reject with a note, E edit + Ctrl+Enter, J/K to move); the next run uses the
 * decisions: nothing waits, accepted (and edited) items flow downstream, the rejected one is dropped.
 * Screenshots: docs/screenshots/review.png (the queue), review-report.png (in/out/why after the re-run).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeServer, type RecordedRequest } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { byTestId, waitReady } from "./editorDriver";
import { ROOT, SCREENSHOTS, startApp, type AppHarness } from "./harness";
import { folderName } from "../../src/main/service/baseDirs";
import { openTemplateWithModels, runAndWait, TEMPLATE_MODEL_IDS } from "./runDriver";

const SHOTS = SCREENSHOTS;
const EDITED = "Edited by the reviewer: counted twice, the picture agrees.";

type Msg = { role: string; content: string | { type: string; text?: string }[] };
function lastUserText(req: RecordedRequest): string {
  const users = ((req.body as { messages: Msg[] }).messages ?? []).filter((m) => m.role === "user");
  const c = users[users.length - 1]?.content ?? "";
  return typeof c === "string" ? c : c.map((p) => p.text ?? "").join("\n");
}

describe("review queue", () => {
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
        // Questions about bar charts are "ambiguous" to the source judge: the source filter drops them.
        if (text.includes("Is the question clear")) return /bar/.test(text) ? '{"score": 2, "label": "ambiguous", "reason": "which bar?"}' : '{"score": 5, "label": "clear", "reason": "well posed"}';
        return '{"score": 5, "label": "sound", "reason": "holds"}';
      },
      models: TEMPLATE_MODEL_IDS,
    });
    // A copy of the templates: runs of an unsaved template read their data there (and write into outputsDir).
    templates = mkdtempSync(join(tmpdir(), "cascade-review-e2e-"));
    cpSync(join(ROOT, "templates"), templates, { recursive: true });
    app = await startApp({ templatesDir: templates, service: { outputsDir: `${templates}-outputs` }, viewport: { width: 1440, height: 900 } });
    await waitReady(app.page);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
    if (templates) for (const dir of [templates, `${templates}-outputs`]) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it("decides items by keyboard and the next run uses the decisions", async () => {
    const { page } = app;
    await openTemplateWithModels(page, "cas-seat-data.json", fake.url, ["judge", "reasoner"]);
    const firstRun = await runAndWait(page);
    expect(await byTestId(page, "run-status").getAttribute("data-status")).toBe("done");

    // The hand check shows how many items wait; one click opens its queue.
    const badge = byTestId(page, "review-badge-hand_check");
    await badge.waitFor();
    const waiting = Number(await badge.getAttribute("data-waiting"));
    expect(waiting).toBeGreaterThanOrEqual(4);
    expect(await badge.textContent()).toBe(`⏸ ${waiting} to review`);
    await badge.click();
    const panel = byTestId(page, "review-panel");
    await panel.waitFor();
    expect(await panel.getAttribute("data-run-id")).toBe(firstRun);
    await expect.poll(() => byTestId(page, "review-counter").textContent()).toBe(`1 / ${waiting} · ${waiting} waiting`);
    expect(await byTestId(page, "review-instructions").textContent()).toMatch(/^Read the chain of thought/);
    const item = byTestId(page, "review-item");
    const first = (await item.getAttribute("data-item-id"))!;
    // The item's chat with its picture (served by /files) and the assistant's reply.
    await expect.poll(() => item.locator('[data-testid="review-image"]').first().evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
    expect(await byTestId(page, "review-field-cot").locator('[data-role="assistant"]').textContent()).toMatch(/Final answer:/);
    // The self-check continues the same chat: its first turns are folded, its own turns shown.
    expect(await byTestId(page, "review-field-check").locator('[data-testid="review-shared-turns"]').textContent()).toBe("↑ the first 3 turns are those of cot");
    expect(await byTestId(page, "review-field-check").locator('[data-testid="review-turn"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-role")))).toEqual(["user", "assistant"]);
    await page.screenshot({ path: join(SHOTS, "review.png") });

    // J/K move without deciding.
    await page.keyboard.press("j");
    await expect.poll(() => item.getAttribute("data-item-id")).not.toBe(first);
    const second = (await item.getAttribute("data-item-id"))!;
    await page.keyboard.press("k");
    await expect.poll(() => item.getAttribute("data-item-id")).toBe(first);

    // A: accept the first; the queue moves on to the next waiting item.
    await page.keyboard.press("a");
    await expect.poll(() => item.getAttribute("data-item-id")).toBe(second);
    expect(await byTestId(page, "review-waiting").textContent()).toBe(String(waiting - 1));

    // N, a note, Escape, R: reject the second with the note.
    await page.keyboard.press("n");
    await page.keyboard.type("too terse");
    await page.keyboard.press("Escape");
    await page.keyboard.press("r");
    await expect.poll(() => item.getAttribute("data-item-id")).not.toBe(second);
    const third = (await item.getAttribute("data-item-id"))!;

    // E: edit the chain-of-thought reply, Ctrl+Enter saves.
    await page.keyboard.press("e");
    const box = byTestId(page, "review-edit-cot-2");
    await box.waitFor();
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Control+a");
    await page.keyboard.type(EDITED);
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => item.getAttribute("data-item-id")).not.toBe(third);

    // Back to the rejected and the edited ones: they show their decisions.
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => item.getAttribute("data-state")).toBe("edited");
    expect(await byTestId(page, "review-field-cot").locator('[data-role="assistant"]').textContent()).toContain(EDITED);
    await page.keyboard.press("k");
    await expect.poll(() => item.getAttribute("data-state")).toBe("rejected");
    expect(await byTestId(page, "review-note").textContent()).toBe("“too terse”");

    // Accept the rest: J to the next waiting item, then A (which moves on to the next waiting one by itself).
    for (let left = waiting - 3; left > 0; left--) {
      for (let guard = 0; guard < waiting && (await item.getAttribute("data-state")) !== "waiting"; guard++) await page.keyboard.press("j");
      const shown = await item.getAttribute("data-item-id");
      await page.keyboard.press("a");
      await expect.poll(async () => Number(await byTestId(page, "review-waiting").textContent())).toBe(left - 1);
      if (left > 1) await expect.poll(() => item.getAttribute("data-item-id")).not.toBe(shown);
    }
    await expect.poll(() => byTestId(page, "review-waiting").textContent()).toBe("0");
    await byTestId(page, "review-all-decided").waitFor();
    await expect.poll(() => badge.getAttribute("data-waiting")).toBe("0");

    // The report tab: in/out/why for the filters of the run (before the decisions were applied).
    await byTestId(page, "review-tab-report").click();
    await byTestId(page, "report-source_filter").waitFor();
    expect(await byTestId(page, "report-hand_check").locator('[data-testid="report-pending"]').textContent()).toBe(`${waiting} pending`);
    await page.keyboard.press("Escape");
    await expect.poll(() => panel.count()).toBe(0);

    // The next run uses the decisions: nothing waits, the rejected item is dropped, the others flow on.
    const calls = fake.calls;
    const secondRun = await runAndWait(page);
    expect(secondRun).not.toBe(firstRun);
    expect(fake.calls).toBe(calls);
    await expect.poll(() => byTestId(page, "report-badge-hand_check").textContent()).toBe(`${waiting} → ${waiting - 1} · 1 dropped`);
    expect(await byTestId(page, "review-badge-hand_check").textContent()).toBe("✓ reviewed");
    const hand = app.store.runs.results({ runId: secondRun, nodeId: "hand_check", limit: 100 }).rows;
    expect(hand.filter((r) => r.status === "pending")).toHaveLength(0);
    expect(hand.find((r) => r.itemId === second)).toMatchObject({ status: "dropped", error: "rejected by reviewer: too terse" });
    const tidy = app.store.runs.results({ runId: secondRun, nodeId: "tidy", limit: 100 }).rows;
    expect(tidy.map((r) => r.itemId).sort()).toEqual(hand.filter((r) => r.status === "done").map((r) => r.itemId).sort());
    expect(tidy).toHaveLength(waiting - 1);
    // The export went to the outputs folder (the run bar names the file), never into the templates.
    const written = join(`${templates}-outputs`, folderName("Cas-SEAT data: reason, self-evaluate, filter twice, mix, export"), "out/cas-seat-openai/train.jsonl");
    expect(existsSync(join(templates, "out"))).toBe(false);
    await expect.poll(() => byTestId(page, "run-export-path").allTextContents()).toContain(written);
    const exported = readFileSync(written, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(exported).toHaveLength((waiting - 1) * 2);
    expect(exported.some((l) => l.messages.some((m: { content: unknown }) => m.content === EDITED))).toBe(true);

    // The report of the filter node opens from its badge.
    await byTestId(page, "report-badge-label_filter").click();
    await byTestId(page, "report-label_filter").waitFor();
    expect(await byTestId(page, "report-hand_check").locator('[data-testid="report-reason"]').textContent()).toMatch(/^1× rejected by reviewer: too terse/);
    expect(await byTestId(page, "report-source_filter").locator('[data-testid="report-reason"]').textContent()).toMatch(/^\d+× label == "clear" && score >= 3 && len\(question\) >= 10 was false — e\.g\. /);
    expect(await byTestId(page, "review-panel").getAttribute("data-node-id")).toBe("label_filter");
    expect(await byTestId(page, "review-error").count()).toBe(0);
    expect(await byTestId(page, "review-tab-queue").count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, "review-report.png") });
    await page.keyboard.press("Escape");
    expect(app.errors).toEqual([]);
  }, 180_000);
});
