/** Helpers that drive the editor in the browser through its data-testids. */
import type { Locator, Page } from "playwright-core";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";

export const byTestId = (page: Page, id: string): Locator => page.locator(`[data-testid="${id}"]`);

export async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
}

/** The open document, read from the editor store. */
export function currentDoc(page: Page): Promise<PipelineDoc> {
  return page.evaluate(() => window.__cascadeDoc!());
}

/** Drags a kind from the palette onto the canvas at (x, y) relative to the pane (HTML5 drag and drop). */
export async function dragFromPalette(page: Page, kind: string, x: number, y: number): Promise<void> {
  await byTestId(page, `palette-${kind}`).dragTo(page.locator(".react-flow__pane"), { targetPosition: { x, y } });
}

export function handle(page: Page, nodeId: string, side: "in" | "out", port: string): Locator {
  return page.locator(`[data-testid="node-${nodeId}"] [data-testid="handle-${side}-${port}"]`);
}

/** Drags with the mouse from one handle to another, in small steps as a person would. */
export async function connectHandles(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** Replaces the text of a CodeMirror editor by typing. */
export async function typeInEditor(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text, { delay: 15 });
}

/** Clicks an empty spot of the canvas (leaves any text field, clears the selection). */
export async function clickEmptyCanvas(page: Page): Promise<void> {
  const pane = (await page.locator(".react-flow__pane").boundingBox())!;
  await page.mouse.click(pane.x + pane.width - 260, pane.y + 40);
}

/** Clicks the middle of an edge's curve. */
export async function clickEdge(page: Page, edgeId: string): Promise<void> {
  const p = await page.evaluate((id) => {
    const path = document.querySelector(`.react-flow__edge[data-id="${id}"] path.react-flow__edge-path`) as SVGPathElement | null;
    if (!path) throw new Error(`no edge ${id}`);
    const mid = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM()!;
    return { x: mid.x * m.a + mid.y * m.c + m.e, y: mid.x * m.b + mid.y * m.d + m.f };
  }, edgeId);
  await page.mouse.click(p.x, p.y);
}
