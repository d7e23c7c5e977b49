/**
 * Human review in Chromium: the Cas-SEAT data template (models pointed at a fake OpenAI-compatible server)
 * runs; the chain-of-thought hand check shows how many items wait; one click opens its queue, which shows each
 * item's ground truth and says what an edit re-runs; the items are decided BY KEYBOARD (A accept, R reject with a
 * note, E edit + Ctrl+Enter, J/K to move); the next run uses the decisions and self-evaluates the accepted and
 * edited chats (the edited reply reaches the self-check); its own hand check is decided the same way, and a third
 * run exports: nothing waits, each branch drops the one it rejected, no exported sample holds the unedited reply.
 * Screenshots: docs/screenshots/review.png (the CoT queue), review-check.png (the self-evaluation queue),
 * review-report.png (in/out/why after the re-run).
 * Over samples (a prompt with samples: 3): on a "map" edge each sample is its own queue entry ("sample 2 of 3"),
 * on a "whole" edge the item shows its samples as one numbered list (review-samples*.png).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeServer, type RecordedRequest } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { byTestId, waitReady } from "./editorDriver";
import { ROOT, SCREENSHOTS, startApp, type AppHarness } from "./harness";
import { folderName } from "../../src/main/service/baseDirs";
import { openTemplateWithModels, runAndWait, TEMPLATE_MODEL_IDS } from "./runDriver";

const SHOTS = SCREENSHOTS;

/** Two questions → a prompt with three samples → review "pick" mapped over them, and review "all" taking them whole. */
const SAMPLES_DOC = {
  format: "cascade-studio/pipeline",
  version: 1,
  name: "Review over samples",
  description: "Three candidate answers per question, reviewed one by one and as a whole.",
  models: { m: { provider: "openai", model: "qwen2.5-1.5b-instruct", baseUrl: "http://127.0.0.1:8000/v1" } },
  nodes: [
    { id: "data", kind: "dataset", position: { x: 0, y: 0 }, config: { source: { type: "inline", rows: [{ id: "q1", question: "What is 2 + 3?" }, { id: "q2", question: "What is 7 - 4?" }] }, columns: [{ name: "question", type: "text" }], idColumn: "id" } },
    { id: "propose", kind: "prompt", position: { x: 320, y: 0 }, config: { model: "m", template: "Propose an answer to: {{question}}", samples: 3 } },
    { id: "pick", kind: "review", position: { x: 640, y: -120 }, config: { instructions: "Is this candidate right?", inputs: ["question", "reply"], editable: ["reply"] } },
    { id: "all", kind: "review", position: { x: 640, y: 120 }, config: { instructions: "Do the candidates agree?", inputs: ["question", "reply"], editable: ["reply"] } },
  ],
  edges: [
    { id: "e1", source: "data", sourcePort: "question", target: "propose", targetPort: "question" },
    { id: "e2", source: "data", sourcePort: "question", target: "pick", targetPort: "question" },
    { id: "e3", source: "propose", sourcePort: "text", target: "pick", targetPort: "reply" },
    { id: "e4", source: "data", sourcePort: "question", target: "all", targetPort: "question" },
    { id: "e5", source: "propose", sourcePort: "text", target: "all", targetPort: "reply", samples: "whole" },
  ],
};
const EDITED = "Edited by the reviewer: counted twice, the picture agrees.";

type Msg = { role: string; content: string | { type: string; text?: string }[] };
function lastUserText(req: RecordedRequest): string {
  const users = ((req.body as { messages: Msg[] }).messages ?? []).filter((m) => m.role === "user");
  const c = users[users.length - 1]?.content ?? "";
  return typeof c === "string" ? c : c.map((p) => p.text ?? "").join("\n");
}

/** Clicks a badge on a node: when it lies off the canvas (or under the run bar), the view is fitted first, as a user would. */
async function clickOnCanvas(page: Page, target: Locator): Promise<void> {
  await target.waitFor({ state: "attached" });
  const box = await target.boundingBox();
  const pane = await page.locator(".react-flow").boundingBox();
  if (!pane) throw new Error("the canvas is not on the page");
  const bar = await page.locator('[data-testid="run-status"]').boundingBox().catch(() => null);
  const top = Math.max(pane.y, bar ? bar.y + bar.height : 0);
  if (!box || box.x < pane.x || box.x + box.width > pane.x + pane.width || box.y < top || box.y + box.height > pane.y + pane.height) {
    await page.locator(".react-flow__controls-fitview").click();
    await expect.poll(async () => {
      const b = await target.boundingBox();
      return !!b && b.x >= pane.x && b.x + b.width <= pane.x + pane.width && b.y >= top && b.y + b.height <= pane.y + pane.height;
    }).toBe(true);
  }
  await target.click();
}

/** In the open queue, accepts the `left` items still waiting by keyboard: J to the next waiting one, then A. */
async function acceptTheRest(page: Page, left: number, total: number): Promise<void> {
  const item = byTestId(page, "review-item");
  for (; left > 0; left--) {
    for (let guard = 0; guard < total && (await item.getAttribute("data-state")) !== "waiting"; guard++) await page.keyboard.press("j");
    const shown = await item.getAttribute("data-item-id");
    await page.keyboard.press("a");
    await expect.poll(async () => Number(await byTestId(page, "review-waiting").textContent())).toBe(left - 1);
    if (left > 1) await expect.poll(() => item.getAttribute("data-item-id")).not.toBe(shown);
  }
  await expect.poll(() => byTestId(page, "review-waiting").textContent()).toBe("0");
}

describe("review queue", () => {
  let app: AppHarness;
  let fake: FakeServer;
  let templates: string;

  beforeAll(async () => {
    process.env.OPENAI_API_KEY ??= "sk-e2e";
    const oracle = visualMathOracle({ pFirstTurn: 1, pAfterCheck: 1 });
    let candidates = 0;
    fake = await startFakeOpenAI({
      reply: (req) => {
        const text = lastUserText(req);
        if (text.startsWith("Propose an answer to: ")) return `Candidate ${++candidates}: ${text.includes("2 + 3") ? "5" : "3"}, because counting on gives it.`;
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
    writeFileSync(join(templates, "review-samples.json"), JSON.stringify(SAMPLES_DOC, null, 2));
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

    // The CoT hand check shows how many items wait; the self-evaluation continues the hand-checked chat, so nothing
    // of it ran yet.
    const badge = byTestId(page, "review-badge-hand_check_cot");
    const checkBadge = byTestId(page, "review-badge-hand_check_check");
    await badge.waitFor({ state: "attached" });
    const waiting = Number(await badge.getAttribute("data-waiting"));
    expect(waiting).toBeGreaterThanOrEqual(4);
    expect(await badge.textContent()).toBe(`${waiting} to review`);
    expect(app.store.runs.results({ runId: firstRun, nodeId: "selfeval", limit: 10 }).total).toBe(0);
    // The canvas opens on the pipeline's beginning: the hand checks are further right, brought into view to click.
    await clickOnCanvas(page, badge);
    const panel = byTestId(page, "review-panel");
    await panel.waitFor();
    expect(await panel.getAttribute("data-run-id")).toBe(firstRun);
    expect(await panel.getAttribute("data-node-id")).toBe("hand_check_cot");
    await expect.poll(() => byTestId(page, "review-counter").textContent()).toBe(`1 / ${waiting} · ${waiting} waiting`);
    expect(await byTestId(page, "review-instructions").textContent()).toMatch(/^Read the chain of thought/);
    const item = byTestId(page, "review-item");
    const first = (await item.getAttribute("data-item-id"))!;
    // The item's chat with its picture (served by /files) and the assistant's reply.
    await expect.poll(() => item.locator('[data-testid="review-image"]').first().evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
    expect(await byTestId(page, "review-field-cot").locator('[data-role="assistant"]').textContent()).toMatch(/Final answer:/);
    expect(await byTestId(page, "review-field-check").count()).toBe(0);
    // The item's ground truth (the answer column the score nodes read) and what an edit re-runs.
    const truthOf = (itemId: string) => app.store.runs.getResult(firstRun, "dataset", itemId)!.output!.answer;
    expect(await byTestId(page, "review-truth-value").textContent()).toBe(truthOf(first));
    expect(await byTestId(page, "review-truth").getAttribute("title")).toBe("dataset.answer, what check_score scores against");
    const effects = (await byTestId(page, "review-edit-effects").textContent())!;
    expect(effects).toMatch(/^Editing cot re-runs Tidy the CoT chats, Self-evaluate, self-evaluation: \w.* and 5 more nodes for this item on the next run and reaches Mix CoT and self-evaluation samples 1:1, /);
    expect(await byTestId(page, "review-edit-effects").getAttribute("title")).toMatch(/^After this node: Tidy the CoT chats → Self-evaluate → .* → Mix CoT/);
    expect(effects).not.toContain("CoT: reasoning check");
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
    expect(await byTestId(page, "review-truth-value").textContent()).toBe(truthOf(third));
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
    await acceptTheRest(page, waiting - 3, waiting);
    await byTestId(page, "review-all-decided").waitFor();
    await expect.poll(() => badge.getAttribute("data-waiting")).toBe("0");

    // The report tab: in/out/why for the filters of the run (before the decisions were applied).
    await byTestId(page, "review-tab-report").click();
    await byTestId(page, "report-source_filter").waitFor();
    expect(await byTestId(page, "report-hand_check_cot").locator('[data-testid="report-pending"]').textContent()).toBe(`${waiting} pending`);
    await page.keyboard.press("Escape");
    await expect.poll(() => panel.count()).toBe(0);

    // The second run applies the CoT decisions and self-evaluates the accepted and edited chats: the self-check of
    // the edited item continues the edited reply (a new call), the CoT calls come from the cache.
    const oldReply = app.store.runs.getResult(firstRun, "reason", third)!.output!.text as string;
    const requestsBefore = fake.requests.length;
    const secondRun = await runAndWait(page);
    expect(secondRun).not.toBe(firstRun);
    const selfChecks = fake.requests.slice(requestsBefore).map((r) => JSON.stringify(r.body ?? null)).filter((b) => b.includes("Now check your solution"));
    expect(selfChecks).toHaveLength(waiting - 1);
    expect(selfChecks.filter((b) => b.includes(JSON.stringify(EDITED)))).toHaveLength(1);
    await expect.poll(() => byTestId(page, "report-badge-hand_check_cot").textContent()).toBe(`${waiting} → ${waiting - 1} · 1 dropped`);
    await expect.poll(() => checkBadge.getAttribute("data-waiting")).toBe(String(waiting - 1));

    // The self-evaluation queue: the whole continued chat (solution and check), decided on its own — here the
    // item whose chain of thought was accepted is rejected, and the rest accepted.
    await clickOnCanvas(page, checkBadge);
    await panel.waitFor();
    expect(await panel.getAttribute("data-node-id")).toBe("hand_check_check");
    expect(await panel.getAttribute("data-run-id")).toBe(secondRun);
    await expect.poll(() => byTestId(page, "review-counter").textContent()).toBe(`1 / ${waiting - 1} · ${waiting - 1} waiting`);
    expect(await byTestId(page, "review-instructions").textContent()).toMatch(/^Read the self-check/);
    expect(await byTestId(page, "review-edit-effects").textContent()).toMatch(/^Editing check re-runs Tidy the self-evaluation chats for this item on the next run and reaches Mix /);
    expect(await item.getAttribute("data-item-id")).toBe(first);
    const checkTurns = byTestId(page, "review-field-check").locator('[data-testid="review-turn"]');
    expect(await checkTurns.evaluateAll((els) => els.map((e) => e.getAttribute("data-role")))).toEqual(["system", "user", "assistant", "user", "assistant"]);
    expect(await checkTurns.last().textContent()).toMatch(/Final answer:/);
    expect(await byTestId(page, "review-field-cot").count()).toBe(0);
    await page.keyboard.press("n");
    await page.keyboard.type("checks nothing");
    await page.keyboard.press("Escape");
    await page.keyboard.press("r");
    await expect.poll(() => item.getAttribute("data-item-id")).not.toBe(first);
    // The edited item's self-evaluation chat holds the edited reply, which its check was made on.
    for (let guard = 0; guard < waiting && (await item.getAttribute("data-item-id")) !== third; guard++) await page.keyboard.press("j");
    expect(await item.getAttribute("data-item-id")).toBe(third);
    expect(await checkTurns.nth(2).textContent()).toContain(EDITED);
    await page.screenshot({ path: join(SHOTS, "review-check.png") });
    await acceptTheRest(page, waiting - 2, waiting - 1);
    await byTestId(page, "review-all-decided").waitFor();
    await expect.poll(() => checkBadge.getAttribute("data-waiting")).toBe("0");
    await page.keyboard.press("Escape");
    await expect.poll(() => panel.count()).toBe(0);

    // The third run uses the decisions: nothing waits, each branch drops its rejected item, the others flow on.
    const calls = fake.calls;
    const thirdRun = await runAndWait(page);
    expect(thirdRun).not.toBe(secondRun);
    expect(fake.calls).toBe(calls);
    await expect.poll(() => byTestId(page, "report-badge-hand_check_cot").textContent()).toBe(`${waiting} → ${waiting - 1} · 1 dropped`);
    await expect.poll(() => byTestId(page, "report-badge-hand_check_check").textContent()).toBe(`${waiting - 1} → ${waiting - 2} · 1 dropped`);
    for (const node of ["hand_check_cot", "hand_check_check"]) expect(await byTestId(page, `review-badge-${node}`).textContent()).toBe("✓ reviewed");
    const branches = [
      { hand: "hand_check_cot", tidy: "tidy_cot", rejected: second, error: "rejected by reviewer: too terse", kept: waiting - 1 },
      { hand: "hand_check_check", tidy: "tidy_check", rejected: first, error: "rejected by reviewer: checks nothing", kept: waiting - 2 },
    ];
    for (const b of branches) {
      const hand = app.store.runs.results({ runId: thirdRun, nodeId: b.hand, limit: 100 }).rows;
      expect(hand.filter((r) => r.status === "pending")).toHaveLength(0);
      expect(hand.find((r) => r.itemId === b.rejected)).toMatchObject({ status: "dropped", error: b.error });
      const tidy = app.store.runs.results({ runId: thirdRun, nodeId: b.tidy, limit: 100 }).rows;
      expect(tidy.map((r) => r.itemId).sort()).toEqual(hand.filter((r) => r.status === "done").map((r) => r.itemId).sort());
      expect(tidy).toHaveLength(b.kept);
    }
    // The export went to the outputs folder (the run bar names the file), never into the templates.
    const outDir = join(`${templates}-outputs`, folderName("Cas-SEAT data: reason, self-evaluate, filter twice, mix, export"), "out");
    const written = join(outDir, "cas-seat-openai/train.jsonl");
    expect(existsSync(join(templates, "out"))).toBe(false);
    await expect.poll(() => byTestId(page, "run-export-path").allTextContents()).toContain(written);
    const exported = readFileSync(written, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    // Mixed 1:1: as many CoT chats as self-evaluation chats (the smaller branch).
    expect(exported).toHaveLength((waiting - 2) * 2);
    expect(exported.some((l) => l.messages.some((m: { content: unknown }) => m.content === EDITED))).toBe(true);
    // No exported sample of the edited item holds its unedited reply.
    const shareGpt = readFileSync(join(outDir, "cas-seat-sharegpt.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const ofEdited = shareGpt.filter((l) => String(l.id).startsWith(`${third}:`));
    expect(ofEdited.length).toBeGreaterThan(0);
    const tidied = oldReply.replace(/\n{3,}/g, "\n\n").trim();
    expect(tidied).not.toBe(EDITED);
    for (const l of ofEdited) expect(JSON.stringify(l)).not.toContain(JSON.stringify(tidied).slice(1, -1));

    // The report of a filter node opens from its badge.
    await clickOnCanvas(page, byTestId(page, "report-badge-cot_filter"));
    await byTestId(page, "report-cot_filter").waitFor();
    expect(await byTestId(page, "report-hand_check_cot").locator('[data-testid="report-reason"]').textContent()).toMatch(/^1× rejected by reviewer: too terse/);
    expect(await byTestId(page, "report-hand_check_check").locator('[data-testid="report-reason"]').textContent()).toMatch(/^1× rejected by reviewer: checks nothing/);
    // Drops are grouped by the clause that failed, each with the values it read for a few items.
    const sourceReasons = byTestId(page, "report-source_filter").locator('[data-testid="report-reason"]');
    expect(await sourceReasons.first().textContent()).toMatch(/^\d+× (label == "clear"|score >= 3|len\(question\) >= 10)\S*: (label|score|question)=/);
    expect(await sourceReasons.first().locator('[data-testid="report-example"]').count()).toBeGreaterThan(0);
    expect(await byTestId(page, "review-panel").getAttribute("data-node-id")).toBe("cot_filter");
    expect(await byTestId(page, "review-error").count()).toBe(0);
    expect(await byTestId(page, "review-tab-queue").count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, "review-report.png") });
    await page.keyboard.press("Escape");
    expect(app.errors).toEqual([]);
  }, 180_000);

  it("over samples: one decision per sample on a map edge, one per item on a whole edge; the next run uses them", async () => {
    const { page } = app;
    await openTemplateWithModels(page, "review-samples.json", fake.url, ["m"]);
    const firstRun = await runAndWait(page);
    expect(await byTestId(page, "run-status").getAttribute("data-status")).toBe("done");

    // Mapped: 2 items × 3 samples wait (the badge counts items), each sample its own entry naming its number.
    const pick = byTestId(page, "review-badge-pick");
    await expect.poll(() => pick.getAttribute("data-waiting")).toBe("2");
    await pick.click();
    const panel = byTestId(page, "review-panel");
    await panel.waitFor();
    await expect.poll(() => byTestId(page, "review-counter").textContent()).toBe("1 / 6 · 6 waiting");
    const item = byTestId(page, "review-item");
    expect(await item.getAttribute("data-item-id")).toBe("q1");
    expect(await byTestId(page, "review-sample").textContent()).toBe("sample 1 of 3");
    expect(await byTestId(page, "review-field-reply").textContent()).toMatch(/Candidate \d: 5/);
    await page.screenshot({ path: join(SHOTS, "review-samples.png") });
    // J moves to the next sample of the same item.
    await page.keyboard.press("j");
    await expect.poll(() => byTestId(page, "review-sample").textContent()).toBe("sample 2 of 3");
    await page.keyboard.press("k");
    // Accept every sample (A moves on to the next waiting one): q1 #1-3, then q2 #1-3.
    for (let left = 6; left > 0; left--) {
      const shown = `${await item.getAttribute("data-item-id")}#${await item.getAttribute("data-sample")}`;
      expect(shown).toBe(`q${left > 3 ? 1 : 2}#${((6 - left) % 3) + 1}`);
      await page.keyboard.press("a");
      await expect.poll(async () => Number(await byTestId(page, "review-waiting").textContent())).toBe(left - 1);
      expect(await pick.getAttribute("data-waiting")).toBe(left - 1 > 3 ? "2" : left - 1 > 0 ? "1" : "0");
    }
    await byTestId(page, "review-all-decided").waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => panel.count()).toBe(0);

    // Whole: each item shows its three samples as one numbered list, decided once.
    const all = byTestId(page, "review-badge-all");
    await expect.poll(() => all.getAttribute("data-waiting")).toBe("2");
    await all.click();
    await panel.waitFor();
    await expect.poll(() => byTestId(page, "review-counter").textContent()).toBe("1 / 2 · 2 waiting");
    expect(await byTestId(page, "review-sample").count()).toBe(0);
    const values = byTestId(page, "review-field-reply").locator('[data-testid="review-sample-value"]');
    await expect.poll(() => values.count()).toBe(3);
    expect(await values.locator(".review__samplenum").allTextContents()).toEqual(["sample 1 of 3", "sample 2 of 3", "sample 3 of 3"]);
    await page.screenshot({ path: join(SHOTS, "review-samples-whole.png") });
    // E: one box per sample; edit the second, Ctrl+Enter saves.
    await page.keyboard.press("e");
    const second = byTestId(page, "review-edit-reply-1");
    await second.waitFor();
    expect(await byTestId(page, "review-editor").locator("textarea").count()).toBe(3);
    await second.click();
    await page.keyboard.press("Control+a");
    await page.keyboard.type("Edited: 5.");
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => byTestId(page, "review-waiting").textContent()).toBe("1");
    await page.keyboard.press("a");
    await expect.poll(() => byTestId(page, "review-waiting").textContent()).toBe("0");
    await page.keyboard.press("Escape");

    // The next run: the same (cached) samples, so every decision applies; nothing waits.
    const calls = fake.calls;
    const secondRun = await runAndWait(page);
    expect(secondRun).not.toBe(firstRun);
    expect(fake.calls).toBe(calls);
    for (const nodeId of ["pick", "all"]) {
      const rows = app.store.runs.results({ runId: secondRun, nodeId, limit: 10 }).rows;
      expect(rows.map((r) => [r.itemId, r.status])).toEqual([["q1", "done"], ["q2", "done"]]);
    }
    const edited = app.store.runs.getResult(secondRun, "all", "q1")!.output!.reply as { values: string[] };
    expect(edited.values[1]).toBe("Edited: 5.");
    expect(edited.values[0]).toMatch(/^Candidate \d: 5/);
    expect(app.errors).toEqual([]);
  }, 120_000);
});
