/**
 * The Data tab and the dataset form (#12 item 12 and the dataset table): the first rows of the Cas-SEAT
 * template's dataset with image thumbnails and detected column types, the base-dir hint that names the
 * templates folder for a pipeline without a file, Browse listing the data files there, and rows pasted from
 * a spreadsheet becoming an inline dataset with typed columns.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byTestId, currentDoc, waitReady } from "./editorDriver";
import { ROOT, SCREENSHOTS, startApp, type AppHarness } from "./harness";

describe("dataset table", () => {
  let app: AppHarness;

  beforeAll(async () => {
    app = await startApp({ viewport: { width: 1440, height: 960 } });
    await waitReady(app.page);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("shows the first rows with thumbnails and detected types; Browse lists the templates folder's data", async () => {
    const { page } = app;
    await byTestId(page, "lib-templates").click();
    await byTestId(page, "template-cas-seat.json").click();
    await expect.poll(() => byTestId(page, "templates-dialog").count()).toBe(0);
    await byTestId(page, "node-dataset").locator(".cnode__head").click();
    // The path's hint says where a relative path goes for a pipeline that has no file.
    await expect.poll(() => byTestId(page, "config-panel").textContent()).toMatch(new RegExp(`relative to the app's templates folder \\(${join(ROOT, "templates").replace(/[/\\]/g, ".")}\\)`));
    await byTestId(page, "dataset-browse").click();
    await expect.poll(() => byTestId(page, "dataset-file-data/visual-math.jsonl").count()).toBe(1);
    await byTestId(page, "dataset-browse").click();

    await byTestId(page, "dataset-show-rows").click();
    await expect.poll(() => byTestId(page, "dataset-table").getAttribute("data-status")).toBe("ok");
    await expect.poll(() => byTestId(page, "dataset-row").count()).toBeGreaterThan(3);
    expect(await byTestId(page, "dataset-col-image").getAttribute("data-type")).toBe("image");
    expect(await byTestId(page, "dataset-col-question").getAttribute("data-type")).toBe("text");
    expect(await byTestId(page, "dataset-col-choices").getAttribute("data-type")).toBe("json");
    expect(await byTestId(page, "dataset-col-question").textContent()).toMatch(/→ port question/);
    // Thumbnails load (GET /files serves the dataset's images).
    const thumbs = byTestId(page, "dataset-table").locator('[data-testid="image-thumb"]');
    await expect.poll(() => thumbs.count()).toBeGreaterThan(3);
    await expect.poll(() => thumbs.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await byTestId(page, "dataset-summary").textContent()).toMatch(/rows · .*visual-math\.jsonl/);
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(SCREENSHOTS, "dataset-table.png") });
    expect(app.errors).toEqual([]);
  });

  it("rows pasted from a spreadsheet become typed-in rows with typed columns", async () => {
    const { page } = app;
    await byTestId(page, "lib-new").click();
    await expect.poll(async () => (await currentDoc(page)).nodes.length).toBe(0);
    await byTestId(page, "palette-dataset").click();
    await byTestId(page, "bottom-tab-data").click();
    await expect.poll(() => byTestId(page, "dataset-row").count()).toBe(1);
    await byTestId(page, "dataset-paste-toggle").click();
    await byTestId(page, "dataset-paste").fill("question\tanswer\tscore\nWhat is 2 + 3?\t5\t1\nWhat is 7 × 6?\t42\t0.5\n");
    await byTestId(page, "dataset-paste-use").click();
    await expect.poll(() => byTestId(page, "dataset-row").count()).toBe(2);
    const node = (await currentDoc(page)).nodes[0];
    expect(node.config.source).toEqual({ type: "inline", rows: [{ question: "What is 2 + 3?", answer: "5", score: "1" }, { question: "What is 7 × 6?", answer: "42", score: "0.5" }] });
    expect(node.config.columns).toEqual([{ name: "question", type: "text" }, { name: "answer", type: "text" }, { name: "score", type: "number" }]);
    expect(await byTestId(page, "dataset-col-answer").getAttribute("data-type")).toBe("number");
    // A bad paste says what is wrong and changes nothing.
    await byTestId(page, "dataset-paste-toggle").click();
    await byTestId(page, "dataset-paste").fill("question\tanswer");
    await byTestId(page, "dataset-paste-use").click();
    await expect.poll(() => byTestId(page, "dataset-paste-error").textContent()).toMatch(/no rows under the header/);
    expect((await currentDoc(page)).nodes[0].config).toEqual(node.config);
    expect(app.errors).toEqual([]);
  });
});
