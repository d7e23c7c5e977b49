/**
 * Auto-layout and groups in the browser: a pipeline file without positions is laid out on import (dagre,
 * left to right along the edges, no overlaps); the Auto-layout command tidies a messy canvas in one undo
 * step; a group frame labels part of a cascade, moves its members as one and is stored in the document.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { byTestId, currentDoc, waitReady } from "./editorDriver";
import { ROOT, SCREENSHOTS, startApp, type AppHarness } from "./harness";

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function nodeBoxes(app: AppHarness, ids: string[]): Promise<Map<string, Box>> {
  const out = new Map<string, Box>();
  for (const id of ids) out.set(id, (await byTestId(app.page, `node-${id}`).boundingBox())!);
  return out;
}

describe("auto-layout and groups", () => {
  let app: AppHarness;

  beforeAll(async () => {
    app = await startApp({ viewport: { width: 1920, height: 1080 } });
    await waitReady(app.page);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("lays out an imported pipeline that has no positions", async () => {
    const { page } = app;
    const template = JSON.parse(readFileSync(join(ROOT, "templates/cas-seat.json"), "utf8")) as PipelineDoc;
    const bare = { ...template, name: "Cas-SEAT without positions", nodes: template.nodes.map(({ position: _p, ...n }) => n) };
    await byTestId(page, "lib-import-file").setInputFiles({ name: "bare.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bare)) });
    await expect.poll(async () => (await currentDoc(page)).name).toBe("Cas-SEAT without positions");
    await expect.poll(() => byTestId(page, "toast").allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`laid out ${template.nodes.length} nodes that had no position`))]));
    const doc = await currentDoc(page);
    const pos = new Map(doc.nodes.map((n) => [n.id, n.position]));
    // Every edge runs left to right.
    for (const e of doc.edges) expect(pos.get(e.target)!.x, `${e.source} → ${e.target}`).toBeGreaterThan(pos.get(e.source)!.x);
    await page.waitForTimeout(300);
    const boxes = await nodeBoxes(app, doc.nodes.map((n) => n.id));
    const list = [...boxes.values()];
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) expect(overlap(list[i], list[j])).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, "auto-layout-import.png") });
    expect(app.errors).toEqual([]);
  });

  it("Auto-layout (Shift+L) tidies a messy canvas in one undo step", async () => {
    const { page } = app;
    const messy = await page.evaluate(() => {
      const d = window.__cascadeDoc!();
      return { ...d, nodes: d.nodes.map((n, i) => ({ ...n, position: { x: (i % 2) * 40, y: (i % 3) * 30 } })) };
    });
    await page.evaluate((d) => window.__cascadeOpenDoc!(d), messy);
    await page.locator(".react-flow__pane").click({ position: { x: 600, y: 700 } });
    await page.keyboard.press("Shift+L");
    await expect.poll(async () => (await currentDoc(page)).nodes.map((n) => n.position)).not.toEqual(messy.nodes.map((n) => n.position));
    const laid = await currentDoc(page);
    for (const e of laid.edges) {
      const s = laid.nodes.find((n) => n.id === e.source)!.position;
      const t = laid.nodes.find((n) => n.id === e.target)!.position;
      expect(t.x).toBeGreaterThan(s.x);
    }
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await currentDoc(page)).nodes.map((n) => n.position)).toEqual(messy.nodes.map((n) => n.position));
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(async () => (await currentDoc(page)).nodes.map((n) => n.position)).toEqual(laid.nodes.map((n) => n.position));
  });

  it("groups nodes in a labelled frame that moves them as one", async () => {
    const { page } = app;
    await page.locator(".react-flow__pane").click({ position: { x: 600, y: 700 } });
    // Select the two reasoning turns and group them (Ctrl+G), then name the group.
    await byTestId(page, "node-reason").locator(".cnode__head").click();
    await byTestId(page, "node-selfeval").locator(".cnode__head").click({ modifiers: ["Shift"] });
    await expect.poll(async () => page.evaluate(() => document.querySelectorAll(".react-flow__node.selected").length)).toBe(2);
    await page.keyboard.press("Control+g");
    await expect.poll(() => byTestId(page, "group-group_1").getAttribute("data-members")).toBe("2");
    const label = byTestId(page, "group-label-group_1");
    await label.fill("Reason, then check yourself");
    await label.press("Enter");
    await expect.poll(async () => (await currentDoc(page)).groups).toEqual([{ id: "group_1", label: "Reason, then check yourself" }]);
    const before = await currentDoc(page);
    expect(before.nodes.filter((n) => n.group === "group_1").map((n) => n.id)).toEqual(["reason", "selfeval"]);
    await page.locator(".react-flow__pane").click({ position: { x: 600, y: 700 } });
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(SCREENSHOTS, "group-before-move.png") });

    // Drag the frame by its title bar: both members move by the same (grid-snapped) offset, others stay.
    const frame = (await byTestId(page, "group-group_1").locator(".frame__title").boundingBox())!;
    const zoom = await page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec((document.querySelector(".react-flow__viewport") as HTMLElement).style.transform)?.[1] ?? 1));
    await page.mouse.move(frame.x + frame.width - 8, frame.y + frame.height / 2);
    await page.mouse.down();
    await page.mouse.move(frame.x + frame.width - 8 + 160 * zoom, frame.y + frame.height / 2 + 240 * zoom, { steps: 12 });
    await page.mouse.up();
    await expect.poll(async () => (await currentDoc(page)).nodes.find((n) => n.id === "reason")!.position).not.toEqual(before.nodes.find((n) => n.id === "reason")!.position);
    const after = await currentDoc(page);
    const delta = (id: string) => {
      const a = after.nodes.find((n) => n.id === id)!.position;
      const b = before.nodes.find((n) => n.id === id)!.position;
      return { x: a.x - b.x, y: a.y - b.y };
    };
    expect(delta("reason")).toEqual(delta("selfeval"));
    expect(Math.abs(delta("reason").x - 160)).toBeLessThanOrEqual(16);
    expect(Math.abs(delta("reason").y - 240)).toBeLessThanOrEqual(16);
    expect(delta("dataset")).toEqual({ x: 0, y: 0 });
    expect(delta("score")).toEqual({ x: 0, y: 0 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(SCREENSHOTS, "group-moved.png") });
    // One undo step brings both back.
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await currentDoc(page)).nodes.map((n) => n.position)).toEqual(before.nodes.map((n) => n.position));

    // The export keeps the group (and validates in the CLI's format).
    const { text } = await app.service.call("pipelines.export", { doc: await currentDoc(page) });
    expect(JSON.parse(text).groups).toEqual([{ id: "group_1", label: "Reason, then check yourself" }]);
    // Right-click on the frame → Ungroup.
    const f = (await byTestId(page, "group-group_1").locator(".frame__title").boundingBox())!;
    await page.mouse.click(f.x + f.width - 8, f.y + f.height / 2, { button: "right" });
    await expect.poll(() => byTestId(page, "context-menu").getAttribute("data-target")).toBe("group");
    await byTestId(page, "menu-canvas.ungroup").click();
    await expect.poll(async () => (await currentDoc(page)).groups).toBeUndefined();
    expect((await currentDoc(page)).nodes.some((n) => n.group)).toBe(false);
    expect(app.errors).toEqual([]);
  });
});
