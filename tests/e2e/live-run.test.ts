/**
 * A run seen from the page (#22 item 2): the page gets the run in batches (at most one per ~33 ms, not one
 * message per item event), the canvas never gets a new React Flow `nodes` array for a count, and the badges
 * still end on the run's final counts. The bench of the same under load is bench/liveRunBench.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { byTestId, waitReady } from "./editorDriver";
import { twoPromptDoc } from "./twoPromptDoc";
import { startApp, type AppHarness } from "./harness";
import { badgeTexts } from "./runDriver";

const ROWS = 600;

/** Counts run-batch messages and when they came (installed before the app loads). */
const COUNT_BATCHES = `(() => {
  const seen = { batches: 0, first: 0, last: 0, otherRunEvents: 0 };
  window.__batches = seen;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        const m = JSON.parse(e.data);
        if (m.event === "run-batch") {
          const now = performance.now();
          if (!seen.batches) seen.first = now;
          seen.last = now;
          seen.batches++;
        } else if (m.event && m.event !== "pipeline-saved") seen.otherRunEvents++;
      });
    }
  };
})()`;

const doc = (baseUrl: string, dataFile: string): PipelineDoc => twoPromptDoc("live e2e", baseUrl, dataFile, { concurrency: 16 });

describe("a run as the page sees it", () => {
  let app: AppHarness;
  let fake: FakeServer;
  let dir: string;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ latencyMs: 30 });
    dir = mkdtempSync(join(tmpdir(), "cascade-live-e2e-"));
    app = await startApp({ open: false, viewport: { width: 1440, height: 900 } });
    await app.page.addInitScript(COUNT_BATCHES);
    await app.page.goto(app.url);
    await waitReady(app.page);
  });

  afterAll(async () => {
    await app?.close();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("gets the run in batches, keeps the canvas's nodes array through every count and ends on the final counts", async () => {
    const { page } = app;
    const dataFile = join(dir, "data.jsonl");
    writeFileSync(dataFile, Array.from({ length: ROWS }, (_, i) => JSON.stringify({ id: `q${i}`, question: `what is ${i} + 1?` })).join("\n") + "\n");
    await page.evaluate((d) => window.__cascadeOpenDoc!(d), doc(fake.url, dataFile));
    await byTestId(page, "run-all").click();
    // Once every node shows its badge row (the node grows by one line, which React Flow must measure), the
    // counts only change numbers.
    for (const id of ["data", "ask", "check"]) await byTestId(page, `node-run-${id}`).waitFor();
    await page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))");
    const before = (await page.evaluate(() => window.__cascadeFlowStats!())).nodesArrays;
    const midway = await badgeTexts(page, "check");
    await page.waitForSelector('[data-testid="run-status"]:not([data-status="running"])', { timeout: 120_000 });
    expect(midway).not.toContain(`✓ ${ROWS}`); // the counts still had far to go
    expect(await byTestId(page, "run-status").getAttribute("data-status")).toBe("done");
    await expect.poll(() => badgeTexts(page, "check")).toContain(`✓ ${ROWS}`);
    expect(await badgeTexts(page, "ask")).toContain(`✓ ${ROWS}`);
    await expect.poll(() => byTestId(page, "node-progress-check").getAttribute("data-progress")).toBe("1.000");

    // 1,200 calls made ~19 events each; the page got at most one batch per 33 ms (plus the one run-finished sends at once).
    const seen = (await page.evaluate("({ ...window.__batches })")) as { batches: number; first: number; last: number; otherRunEvents: number };
    expect(seen.otherRunEvents).toBe(0);
    expect(seen.batches).toBeGreaterThan(0);
    expect(seen.batches).toBeLessThanOrEqual(Math.ceil((seen.last - seen.first) / 33) + 2);
    expect(seen.batches).toBeLessThan(ROWS * 2);

    // Counts changed the badges hundreds of times; React Flow never got a new nodes array for them.
    expect((await page.evaluate(() => window.__cascadeFlowStats!())).nodesArrays).toBe(before);
  });
});
