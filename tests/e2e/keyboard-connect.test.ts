/**
 * Connecting ports and running a pipeline with the keyboard only (#22 item 6): no mouse call in this test.
 * A saved pipeline of three unconnected nodes (an inline dataset, a prompt asking {{question}}, a score node)
 * opens on start-up; Tab moves the focus to a node, Enter selects it, C opens its port menu (the
 * "canvas.connect" command), typing filters the connections the canvas would accept, Enter makes one.
 * Three edges drawn this way, Ctrl+Enter runs the pipeline against a fake model and the score node's
 * results are checked in the store. Screenshots: keyboard-port-menu.png, keyboard-focus.png, keyboard-connected.png.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer, type RecordedRequest } from "../fakes/openaiServer";
import { byTestId, currentDoc, waitReady } from "./editorDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";

type Msg = { role: string; content: string | { type: string; text?: string }[] };
/** Answers "What is a + b?" with the sum (wrong for the last item on purpose, so the score is not trivially 1). */
function sumReply(req: RecordedRequest): string {
  const users = ((req.body as { messages: Msg[] }).messages ?? []).filter((m) => m.role === "user");
  const c = users[users.length - 1]?.content ?? "";
  const text = typeof c === "string" ? c : c.map((p) => p.text ?? "").join(" ");
  const m = /(\d+) \+ (\d+)/.exec(text);
  if (!m) return "no idea";
  const sum = Number(m[1]) + Number(m[2]);
  return String(sum === 9 ? sum + 1 : sum);
}

function pipeline(baseUrl: string): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "Keyboard sums",
    models: { small: { provider: "openai", model: "qwen2.5-1.5b-instruct", baseUrl } },
    nodes: [
      {
        id: "sums",
        kind: "dataset",
        label: "Sums",
        position: { x: 0, y: 0 },
        config: {
          columns: [{ name: "id", type: "text" }, { name: "question", type: "text" }, { name: "answer", type: "text" }],
          idColumn: "id",
          source: { type: "inline", rows: [{ id: "a", question: "What is 2 + 3?", answer: "5" }, { id: "b", question: "What is 4 + 4?", answer: "8" }, { id: "c", question: "What is 4 + 5?", answer: "9" }] },
        },
      },
      { id: "ask", kind: "prompt", label: "Ask", position: { x: 352, y: 0 }, config: { model: "small", template: "{{question}} Reply with the number only." } },
      { id: "score", kind: "score", label: "Score", position: { x: 704, y: 0 }, config: { method: "normalized" } },
    ],
    edges: [],
    settings: {},
  } as PipelineDoc;
}

/** Presses Tab until the keyboard focus is on the node (React Flow's node wrapper); fails after `max` presses. */
async function tabToNode(page: Page, nodeId: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((id) => document.activeElement?.getAttribute("data-id") === id && document.activeElement.classList.contains("react-flow__node"), nodeId)) return;
  }
  throw new Error(`Tab did not reach node ${nodeId} in ${max} presses`);
}

/** With the node focused: select it, open its port menu, filter and connect the first match. */
async function connectByKeyboard(page: Page, nodeId: string, filter: string, expectedKey: string): Promise<void> {
  await page.keyboard.press("Enter");
  await expect.poll(() => page.evaluate(() => window.__cascadeDoc && document.querySelector(".react-flow__node.selected")?.getAttribute("data-id"))).toBe(nodeId);
  await page.keyboard.press("c");
  await byTestId(page, "port-menu").waitFor();
  expect(await byTestId(page, "port-menu").getAttribute("data-node-id")).toBe(nodeId);
  await page.keyboard.type(filter);
  await expect.poll(() => byTestId(page, "port-option").first().getAttribute("data-key")).toBe(expectedKey);
  await page.keyboard.press("Enter");
  await byTestId(page, "port-menu").waitFor({ state: "detached" });
  // The focus is back on the node, so the next key works on it.
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-id"))).toBe(nodeId);
}

describe("connect ports and run by keyboard only", () => {
  let app: AppHarness;
  let fake: FakeServer;

  beforeAll(async () => {
    process.env.OPENAI_API_KEY ??= "sk-e2e";
    fake = await startFakeOpenAI({ reply: sumReply, models: ["qwen2.5-1.5b-instruct"] });
    app = await startApp({ open: false, viewport: { width: 1440, height: 900 } });
    const saved = await app.service.call("pipelines.save", { doc: pipeline(fake.url) });
    await app.page.addInitScript((id) => localStorage.setItem("cascade.lastPipelineId", id), saved.id);
    await app.page.goto(app.url);
    await waitReady(app.page);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it("draws three edges through the port menu and runs the pipeline with Ctrl+Enter", async () => {
    const { page, service } = app;
    await page.waitForSelector('[data-testid="node-score"]');
    expect((await currentDoc(page)).edges).toEqual([]);

    // The prompt's input from the dataset: the menu lists only what fits (text ports, no cycle).
    await tabToNode(page, "ask");
    await page.keyboard.press("Enter");
    await page.keyboard.press("c");
    await byTestId(page, "port-menu").waitFor();
    const offered = await page.locator('[data-testid="port-option"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-key")));
    expect(offered).toContain("sums.question>ask.question");
    expect(offered).toContain("ask.text>score.prediction");
    expect(offered.every((k) => !k!.startsWith("ask.") || !k!.includes(">ask."))).toBe(true); // never into itself
    await page.screenshot({ path: join(SCREENSHOTS, "keyboard-port-menu.png") });
    await page.keyboard.press("Escape");
    await byTestId(page, "port-menu").waitFor({ state: "detached" });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-id"))).toBe("ask");

    await connectByKeyboard(page, "ask", "question sums", "sums.question>ask.question");
    await connectByKeyboard(page, "ask", "prediction", "ask.text>score.prediction");
    await tabToNode(page, "score");
    await page.screenshot({ path: join(SCREENSHOTS, "keyboard-focus.png") }); // the focus ring on Score
    await connectByKeyboard(page, "score", "truth answer", "sums.answer>score.truth");

    const doc = await currentDoc(page);
    expect(doc.edges.map((e) => `${e.source}.${e.sourcePort}>${e.target}.${e.targetPort}`).sort()).toEqual(["ask.text>score.prediction", "sums.answer>score.truth", "sums.question>ask.question"]);
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(3);
    // Each edge was one undo step: Ctrl+Z takes the last one away, Ctrl+Shift+Z brings it back.
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await currentDoc(page)).edges.length).toBe(2);
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(async () => (await currentDoc(page)).edges.length).toBe(3);
    await page.screenshot({ path: join(SCREENSHOTS, "keyboard-connected.png") });

    // Run by keyboard.
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction(() => {
      const s = document.querySelector('[data-testid="run-status"]');
      return s && s.getAttribute("data-status") !== "running" && s.getAttribute("data-run-id");
    }, undefined, { timeout: 30_000 });
    expect(await byTestId(page, "run-status").getAttribute("data-status")).toBe("done");
    const runId = (await byTestId(page, "run-status").getAttribute("data-run-id"))!;
    const page1 = await service.call("runs.results", { runId, nodeId: "score", offset: 0, limit: 10 });
    const scores = Object.fromEntries(page1.rows.map((r) => [r.itemId, (r.output as { score: number } | null)?.score]));
    expect(scores).toEqual({ a: 1, b: 1, c: 0 });
    expect(fake.calls).toBe(3);
    expect(app.errors).toEqual([]);
  });

  it("lists the new keys on the ? sheet", async () => {
    const { page } = app;
    await page.keyboard.press("?");
    await byTestId(page, "shortcut-sheet").waitFor();
    expect(await byTestId(page, "shortcut-canvas.connect").textContent()).toMatch(/Connect a port….*C/);
    expect(await byTestId(page, "shortcut-canvas-keys").textContent()).toMatch(/Select the focused node/);
    await page.keyboard.press("Escape");
    await byTestId(page, "shortcut-sheet").waitFor({ state: "detached" });
  });
});
