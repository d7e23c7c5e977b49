/**
 * #12 item 11 and continuity: a page without the token says the token is missing (not the editor with
 * "connection lost"), a refused token says it is out of date; once opened with its token, a bookmark of the
 * bare address works in a new tab and the app reopens the last pipeline with its view and panels.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byTestId, currentDoc, waitReady } from "./editorDriver";
import { startApp, type AppHarness } from "./harness";

const viewport = (app: AppHarness) => app.page.evaluate(() => document.querySelector(".react-flow__viewport")!.getAttribute("style"));

describe("continuity", () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await startApp({ open: false, viewport: { width: 1440, height: 900 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("says the token is missing on a bare address, and out of date on a wrong one", async () => {
    const { page, server } = app;
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await waitReady(page);
    expect(await byTestId(page, "access-page").getAttribute("data-access")).toBe("missing");
    expect(await byTestId(page, "access-title").textContent()).toBe("The access token is missing");
    expect(await page.locator(".react-flow").count()).toBe(0);
    expect(await byTestId(page, "connection-status").count()).toBe(0);
    await page.goto(`http://127.0.0.1:${server.port}/?token=${"x".repeat(server.token.length)}`);
    await waitReady(page);
    expect(await byTestId(page, "access-page").getAttribute("data-access")).toBe("refused");
  });

  it("reopens the last pipeline, its view and panels from a bookmark of the bare address", async () => {
    const { page, server } = app;
    app.errors.length = 0; // the refused token of the test before logged its 401
    await page.goto(server.url);
    await waitReady(page);
    await byTestId(page, "lib-templates").click();
    await byTestId(page, "template-cot.json").click();
    await expect.poll(async () => (await currentDoc(page)).nodes.length).toBeGreaterThan(2);
    await byTestId(page, "lib-save").click();
    await expect.poll(() => byTestId(page, "save-status").textContent()).toMatch(/Saved/);
    const name = (await currentDoc(page)).name;
    // Pan and zoom the canvas, open the Models tab.
    const pane = (await page.locator(".react-flow__pane").boundingBox())!;
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height - 60);
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(400);
    await byTestId(page, "tab-models").click();
    const view = await viewport(app);

    // A new tab on the bare address (a bookmark: the token left the address bar).
    const tab = await app.context.newPage();
    await tab.goto(`http://127.0.0.1:${server.port}/`);
    await waitReady(tab);
    expect(await byTestId(tab, "access-page").count()).toBe(0);
    await expect.poll(async () => (await tab.evaluate(() => window.__cascadeDoc!())).name).toBe(name);
    await expect.poll(() => tab.evaluate(() => document.querySelector(".react-flow__viewport")!.getAttribute("style"))).toBe(view);
    expect(await byTestId(tab, "tab-models").getAttribute("aria-selected")).toBe("true");
    await tab.close();
    expect(app.errors).toEqual([]);
  });
});
