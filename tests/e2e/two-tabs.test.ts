/**
 * #22 item 1: one pipeline open in two pages. The first page's edit is autosaved; the second page's save,
 * based on the older version, is refused and the conflict is offered (reload, keep mine, see the difference);
 * keeping it makes a new version and the first page's version stays: no edit is lost.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byTestId, currentDoc, dragFromPalette, waitReady } from "./editorDriver";
import { ROOT, SCREENSHOTS, startApp, type AppHarness } from "./harness";

describe("two pages, one pipeline", () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await startApp({ viewport: { width: 1440, height: 900 } });
    await waitReady(app.page);
  });
  afterAll(async () => app?.close());

  it("offers the conflict instead of overwriting, and keeps both edits", async () => {
    const { page, service, context } = app;
    const doc = JSON.parse(readFileSync(join(ROOT, "templates/cot.json"), "utf8"));
    const saved = await service.call("pipelines.save", { doc });
    const second = await context.newPage();
    await second.goto(app.url);
    await waitReady(second);
    for (const p of [page, second]) {
      await byTestId(p, "lib-open").click();
      await byTestId(p, `open-${saved.id}`).click();
      await expect.poll(async () => (await currentDoc(p)).nodes.length).toBe(doc.nodes.length);
    }
    // Page 1: an edit, autosaved as version 2.
    await dragFromPalette(page, "extract", 700, 600);
    await expect.poll(async () => (await service.call("pipelines.get", { id: saved.id })).doc.nodes.length, { timeout: 10_000 }).toBe(doc.nodes.length + 1);
    // Page 2, still on version 1: another edit, saved by hand.
    await dragFromPalette(second, "score", 500, 650);
    await second.keyboard.press("Control+s");
    await expect.poll(async () => byTestId(second, "save-conflict").count(), { timeout: 10_000 }).toBe(1);
    await byTestId(second, "save-conflict-diff").click();
    await expect.poll(async () => (await byTestId(second, "save-conflict-lines").textContent()) ?? "").toContain("(this page)");
    await second.screenshot({ path: join(SCREENSHOTS, "two-tabs-conflict.png") });
    // Nothing was overwritten: the latest is still page 1's (the original nodes and its extract node).
    const original = new Set(doc.nodes.map((n: { id: string }) => n.id));
    const added = async (version?: number) =>
      (await service.call("pipelines.get", { id: saved.id, version })).doc.nodes.filter((n) => !original.has(n.id)).map((n) => n.kind);
    const latest = await service.call("pipelines.get", { id: saved.id });
    expect(await added()).toEqual(["extract"]);
    // Keep mine: a new version; page 1's version stays in the list.
    await byTestId(second, "save-conflict-keep").click();
    await expect.poll(async () => (await service.call("pipelines.get", { id: saved.id })).version, { timeout: 10_000 }).toBe(latest.version + 1);
    expect(await added(latest.version)).toEqual(["extract"]);
    expect(await added(latest.version + 1)).toEqual(["score"]);
    await second.close();
  }, 90_000);
});
