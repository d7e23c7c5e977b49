/**
 * Where the canvas tripped new users (issue #12 items 1, 8, 13): typing a template keeps its edges (shown
 * dangling while the var is half typed), the minimap covers no node after fit and template text is readable,
 * Shift+drag does not select text in the panels, and a click on a node shows its panel from the Models tab.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byTestId, connectHandles, currentDoc, handle, waitReady } from "./editorDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";

/** Ids of the nodes whose box overlaps the minimap's. */
async function nodesUnderMinimap(app: AppHarness): Promise<string[]> {
  return app.page.evaluate(() => {
    const m = document.querySelector(".react-flow__minimap")!.getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>(".react-flow__node")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.x < m.x + m.width && r.x + r.width > m.x && r.y < m.y + m.height && r.y + r.height > m.y;
      })
      .map((el) => el.dataset.id ?? "?");
  });
}

describe("the canvas where researchers trip", () => {
  let app: AppHarness;

  beforeAll(async () => {
    app = await startApp({ viewport: { width: 1440, height: 900 } });
    await waitReady(app.page);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("keeps an edge while its template var is retyped, shown dangling meanwhile; undo restores the template", async () => {
    const { page } = app;
    await byTestId(page, "lib-new").click();
    await byTestId(page, "palette-dataset").click();
    await byTestId(page, "palette-prompt").click();
    await expect.poll(async () => (await currentDoc(page)).nodes.map((n) => n.id)).toEqual(["dataset_1", "prompt_1"]);
    await connectHandles(page, handle(page, "dataset_1", "out", "question"), handle(page, "prompt_1", "in", "question"));
    await expect.poll(async () => (await currentDoc(page)).edges.length).toBe(1);
    const edgeId = (await currentDoc(page)).edges[0].id;

    await byTestId(page, "node-prompt_1").locator(".cnode__head").click();
    const editorBox = byTestId(page, "template-editor").locator(".cm-content");
    await editorBox.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("Solve: {{quest", { delay: 10 });
    // Half typed: the port is gone from the template, its edge stays and the node shows it dangling.
    await expect.poll(async () => (await currentDoc(page)).edges.map((e) => e.id)).toEqual([edgeId]);
    await expect.poll(() => byTestId(page, "node-prompt_1").locator('[data-testid="port-in-question"]').getAttribute("data-dangling")).toBe("true");
    expect(await page.locator(`.react-flow__edge[data-id="${edgeId}"].edge--problem`).count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, "editor-dangling-edge.png") });
    await page.keyboard.type("ion}}", { delay: 10 });
    await expect.poll(async () => (await currentDoc(page)).nodes[1].config.template).toBe("Solve: {{question}}");
    await expect.poll(() => byTestId(page, "node-prompt_1").locator('[data-testid="port-in-question"]').getAttribute("data-dangling")).toBe(null);
    expect((await currentDoc(page)).edges.map((e) => e.id)).toEqual([edgeId]);
    expect(await page.locator(`.react-flow__edge[data-id="${edgeId}"]`).count()).toBe(1);
    expect(await page.locator(`.react-flow__edge[data-id="${edgeId}"].edge--problem`).count()).toBe(0);
    // Undo (outside the text box) brings the old template back, with its edge.
    await byTestId(page, "undo").click();
    await expect.poll(async () => (await currentDoc(page)).nodes[1].config.template).toBe("{{question}}");
    expect((await currentDoc(page)).edges.map((e) => e.id)).toEqual([edgeId]);
  });

  it("shows the clicked node's panel while the Models tab is open", async () => {
    const { page } = app;
    await byTestId(page, "tab-models").click();
    await expect.poll(() => byTestId(page, "models-panel").count()).toBe(1);
    await byTestId(page, "node-dataset_1").locator(".cnode__head").click();
    await expect.poll(() => byTestId(page, "tab-node").getAttribute("aria-selected")).toBe("true");
    await expect.poll(() => byTestId(page, "config-panel").getAttribute("data-node-id")).toBe("dataset_1");
    // Also when the node was already selected before the tab changed.
    await byTestId(page, "tab-models").click();
    await byTestId(page, "node-dataset_1").locator(".cnode__head").click();
    await expect.poll(() => byTestId(page, "config-panel").getAttribute("data-node-id")).toBe("dataset_1");
  });

  it("Shift+drag on the canvas selects nodes, not the text of the panels", async () => {
    const { page } = app;
    await page.locator(".react-flow__controls-fitview").click();
    const a = (await byTestId(page, "node-dataset_1").boundingBox())!;
    const b = (await byTestId(page, "node-prompt_1").boundingBox())!;
    const pane = (await page.locator(".react-flow__pane").boundingBox())!;
    const end = { x: Math.min(pane.x + pane.width - 4, Math.max(a.x + a.width, b.x + b.width) + 20), y: Math.min(pane.y + pane.height - 4, Math.max(a.y + a.height, b.y + b.height) + 20) };
    // From the empty pane, and from on top of a node (where React Flow cancels the pointerdown, so no mousedown follows).
    // (A Shift+drag that starts on a node selects nothing in React Flow, but it must not select text either.)
    const starts = [
      { x: Math.max(pane.x + 4, Math.min(a.x, b.x) - 20), y: Math.max(pane.y + 4, Math.min(a.y, b.y) - 20), selects: 2 },
      { x: a.x + a.width / 2, y: a.y + a.height / 2, selects: 0 },
    ];
    for (const start of starts) {
      await page.keyboard.press("Escape");
      // Some text of the inspector is selected (as after reading it), then the user Shift+drags a box.
      await page.evaluate(() => {
        const el = document.querySelector('[data-testid="problems-panel"]') as HTMLElement;
        const range = document.createRange();
        range.selectNodeContents(el);
        window.getSelection()!.removeAllRanges();
        window.getSelection()!.addRange(range);
      });
      expect(await page.evaluate(() => window.getSelection()!.toString().length)).toBeGreaterThan(0);
      await page.keyboard.down("Shift");
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      await page.mouse.move(end.x, end.y, { steps: 10 });
      await page.mouse.up();
      await page.keyboard.up("Shift");
      await expect.poll(() => page.evaluate(() => document.querySelectorAll(".react-flow__node.selected").length)).toBe(start.selects);
      expect(await page.evaluate(() => window.getSelection()!.toString())).toBe("");
    }
  });

  it("opens a template with readable text and no node under the minimap", async () => {
    const { page } = app;
    await byTestId(page, "lib-templates").click();
    await byTestId(page, "template-cas-seat.json").click();
    await expect.poll(async () => (await currentDoc(page)).nodes.length).toBeGreaterThan(5);
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SCREENSHOTS, "editor-template-zoom.png") });
    const zoom = await page.evaluate(() => {
      const t = document.querySelector(".react-flow__viewport")!.getAttribute("style") ?? "";
      return Number(/scale\(([\d.]+)\)/.exec(t)?.[1]);
    });
    // The smallest text of a node (port types, 9.5 px at zoom 1) is at least ~7.5 px on screen, labels ≥ 10 px.
    expect(zoom * 13).toBeGreaterThanOrEqual(10);
    expect(zoom * 9.5).toBeGreaterThanOrEqual(7.5);
    expect(await nodesUnderMinimap(app)).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  it("fits a cascade that fills the canvas without putting a node under the minimap (on open and with the fit button)", async () => {
    const { page } = app;
    // Two columns, three rows: fitted, the bottom-right node would sit where the minimap is.
    const nodes = [0, 1, 2].flatMap((row) => [0, 1].map((col) => ({ id: `t${row}${col}`, kind: "text", position: { x: col * 300, y: row * 180 }, config: { mode: "constant", value: `row ${row}` } })));
    await page.evaluate((doc) => window.__cascadeOpenDoc!(doc as never), { format: "cascade-studio/pipeline", version: 1, name: "grid", models: {}, nodes, edges: [], settings: {} });
    await page.waitForTimeout(300);
    expect(await nodesUnderMinimap(app)).toEqual([]);
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(200);
    await page.locator(".react-flow__controls-fitview").click();
    await page.waitForTimeout(200);
    expect(await nodesUnderMinimap(app)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, "editor-fit-minimap.png") });
  });
});
