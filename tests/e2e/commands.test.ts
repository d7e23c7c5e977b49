/**
 * The one command registry in the browser: the Ctrl+K palette runs a command and places a node, `?` lists the
 * shortcuts, a double-click on the empty canvas opens the node search and places the chosen kind there, `/`
 * does the same at the centre, the right-click menus of the canvas, a node and an edge run their commands.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byTestId, connectHandles, currentDoc, handle, waitReady } from "./editorDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";

describe("commands: palette, shortcut sheet, node search, right-click menus", () => {
  let app: AppHarness;

  beforeAll(async () => {
    app = await startApp({ viewport: { width: 1440, height: 900 } });
    await waitReady(app.page);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("double-click on the empty canvas searches node kinds and places the node there", async () => {
    const { page } = app;
    await byTestId(page, "lib-new").click();
    await expect.poll(async () => (await currentDoc(page)).nodes.length).toBe(0);
    const pane = (await page.locator(".react-flow__pane").boundingBox())!;
    const click = { x: pane.x + 420, y: pane.y + 260 };
    await page.mouse.dblclick(click.x, click.y);
    await expect.poll(() => byTestId(page, "command-palette").getAttribute("data-mode")).toBe("nodes");
    await page.keyboard.type("judge", { delay: 20 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOTS, "node-search.png") });
    // Commands are not offered in the node search; the LLM judge kind comes first.
    expect(await page.locator('[data-testid^="cmdk-command:"]').count()).toBe(0);
    await page.keyboard.press("Enter");
    await expect.poll(() => byTestId(page, "command-palette").count()).toBe(0);
    await expect.poll(async () => (await currentDoc(page)).nodes.map((n) => n.kind)).toEqual(["judge"]);
    // The node's header lies under the double-clicked point.
    const box = (await page.locator('[data-testid^="node-judge"]').first().boundingBox())!;
    expect(click.x).toBeGreaterThan(box.x);
    expect(click.x).toBeLessThan(box.x + box.width);
    expect(Math.abs(click.y - box.y)).toBeLessThan(48);
    await page.screenshot({ path: join(SCREENSHOTS, "node-search-placed.png") });

    // `/` opens the same search; Escape closes it without adding anything.
    await page.keyboard.press("/");
    await expect.poll(() => byTestId(page, "command-palette").getAttribute("data-mode")).toBe("nodes");
    await page.keyboard.press("Escape");
    await expect.poll(() => byTestId(page, "command-palette").count()).toBe(0);
    expect((await currentDoc(page)).nodes).toHaveLength(1);
    expect(app.errors).toEqual([]);
  });

  it("Ctrl+K lists nodes, templates and commands with their shortcuts and runs the chosen one", async () => {
    const { page } = app;
    await page.keyboard.press("Control+k");
    await expect.poll(() => byTestId(page, "command-palette").getAttribute("data-mode")).toBe("all");
    await expect.poll(() => page.locator('[data-testid^="cmdk-template:"]').count()).toBeGreaterThan(0);
    await page.keyboard.type("un", { delay: 20 });
    await expect.poll(() => byTestId(page, "cmdk-command:edit.undo").textContent()).toMatch(/Undo.*Ctrl\+Z/);
    await page.screenshot({ path: join(SCREENSHOTS, "command-palette.png") });
    await byTestId(page, "cmdk-command:edit.undo").click();
    await expect.poll(async () => (await currentDoc(page)).nodes).toEqual([]);
    // A template from the palette adds its whole cascade to the open pipeline.
    await page.keyboard.press("Control+k");
    await page.keyboard.type("cas-seat template", { delay: 10 });
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await currentDoc(page)).nodes.length).toBeGreaterThan(5);
    const doc = await currentDoc(page);
    expect(Object.keys(doc.models).length).toBeGreaterThan(0);
    expect(doc.edges.length).toBeGreaterThan(4);
    expect(app.errors).toEqual([]);
  });

  it("`?` shows every shortcut of the registry", async () => {
    const { page } = app;
    await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
    await page.keyboard.press("?");
    await expect.poll(() => byTestId(page, "shortcut-sheet").count()).toBe(1);
    for (const id of ["file.save", "edit.undo", "edit.redo", "edit.copy", "edit.paste", "edit.delete", "view.commandPalette", "canvas.addNode", "help.shortcuts"]) {
      expect(await byTestId(page, `shortcut-${id}`).count(), id).toBe(1);
    }
    expect(await byTestId(page, "shortcut-edit.redo").textContent()).toMatch(/Ctrl\+Shift\+Z.*Ctrl\+Y/);
    await page.screenshot({ path: join(SCREENSHOTS, "shortcut-sheet.png") });
    await page.keyboard.press("Escape");
    await expect.poll(() => byTestId(page, "shortcut-sheet").count()).toBe(0);
  });

  it("right-click menus of the canvas, a node and an edge run their commands", async () => {
    const { page } = app;
    await byTestId(page, "lib-new").click();
    await expect.poll(async () => (await currentDoc(page)).nodes.length).toBe(0);
    const pane = (await page.locator(".react-flow__pane").boundingBox())!;
    // Canvas menu → Add a node… → the search, placed at the right-clicked point.
    await page.mouse.click(pane.x + 200, pane.y + 200, { button: "right" });
    await expect.poll(() => byTestId(page, "context-menu").getAttribute("data-target")).toBe("canvas");
    expect(await byTestId(page, "menu-edit.selectAll").isDisabled()).toBe(true);
    await byTestId(page, "menu-canvas.addNode").click();
    await page.keyboard.type("dataset", { delay: 10 });
    await page.keyboard.press("Enter");
    await page.mouse.dblclick(pane.x + 640, pane.y + 200);
    await page.keyboard.type("prompt", { delay: 10 });
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await currentDoc(page)).nodes.map((n) => n.id)).toEqual(["dataset_1", "prompt_1"]);
    await connectHandles(page, handle(page, "dataset_1", "out", "question"), handle(page, "prompt_1", "in", "question"));
    await expect.poll(async () => (await currentDoc(page)).edges.length).toBe(1);

    // Node menu → Duplicate; its run commands are there.
    await byTestId(page, "node-prompt_1").locator(".cnode__head").click({ button: "right" });
    await expect.poll(() => byTestId(page, "context-menu").getAttribute("data-target")).toBe("node");
    expect(await byTestId(page, "menu-run.toHere").count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, "context-menu-node.png") });
    await byTestId(page, "menu-edit.duplicate").click();
    await expect.poll(async () => (await currentDoc(page)).nodes.map((n) => n.id)).toEqual(["dataset_1", "prompt_1", "prompt_2"]);

    // Edge menu → Delete removes that edge only.
    const edgeId = (await currentDoc(page)).edges[0].id;
    const p = await page.evaluate((id) => {
      const path = document.querySelector(`.react-flow__edge[data-id="${id}"] path.react-flow__edge-path`) as SVGPathElement;
      const mid = path.getPointAtLength(path.getTotalLength() / 2);
      const m = path.getScreenCTM()!;
      return { x: mid.x * m.a + mid.y * m.c + m.e, y: mid.x * m.b + mid.y * m.d + m.f };
    }, edgeId);
    await page.mouse.click(p.x, p.y, { button: "right" });
    await expect.poll(() => byTestId(page, "context-menu").getAttribute("data-target")).toBe("edge");
    await byTestId(page, "menu-edit.delete").click();
    await expect.poll(async () => (await currentDoc(page)).edges).toEqual([]);
    expect((await currentDoc(page)).nodes).toHaveLength(3);
    expect(app.errors).toEqual([]);
  });
});
