/**
 * The cascade editor in Chromium against the real browser-mode server: build a small cascade by dragging
 * from the palette, type a template and watch its input handle appear, connect, undo/redo, save, reload,
 * export (validated by the CLI), refuse a broken import; open the Cas-SEAT template for a screenshot; open
 * a 500-node pipeline and time it.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI } from "../fakes/openaiServer";
import { generatePipeline } from "./bigPipeline";
import { byTestId, clickEdge, clickEmptyCanvas, connectHandles, currentDoc, dragFromPalette, handle, typeInEditor, waitReady } from "./editorDriver";
import { ROOT, SCREENSHOTS, startApp, type AppHarness } from "./harness";

const shape = (doc: { nodes: { id: string; kind: string; position: unknown; config: unknown }[]; edges: unknown[]; models: unknown }) => ({
  nodes: doc.nodes.map((n) => ({ id: n.id, kind: n.kind, position: n.position, config: n.config })),
  edges: doc.edges,
  models: doc.models,
});

// The remote model added below names OPENAI_API_KEY; with it unset the pipeline would (rightly) show a problem.
process.env.OPENAI_API_KEY ??= "sk-e2e";

describe("cascade editor", () => {
  let app: AppHarness;
  let tmp: string;

  beforeAll(async () => {
    app = await startApp({ viewport: { width: 1440, height: 900 } });
    tmp = mkdtempSync(join(tmpdir(), "cascade-editor-e2e-"));
    await waitReady(app.page);
  });
  afterAll(async () => {
    await app?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it("builds, edits, saves, reloads, exports and refuses a broken import", async () => {
    const { page } = app;

    // Two nodes from the palette.
    await dragFromPalette(page, "dataset", 120, 160);
    await dragFromPalette(page, "prompt", 480, 160);
    await expect.poll(async () => (await currentDoc(page)).nodes.map((n) => n.id)).toEqual(["dataset_1", "prompt_1"]);
    await byTestId(page, "node-prompt_1").locator(".cnode__head").click();
    await expect.poll(() => byTestId(page, "config-node-id").textContent()).toBe("prompt_1");

    // The template decides the input handles.
    const template = byTestId(page, "template-editor");
    await typeInEditor(page, template, "Answer: ");
    await expect.poll(() => handle(page, "prompt_1", "in", "question").count()).toBe(0);
    await page.keyboard.type("{{question}}", { delay: 15 });
    await expect.poll(() => handle(page, "prompt_1", "in", "question").count()).toBe(1);
    expect((await currentDoc(page)).nodes[1].config.template).toBe("Answer: {{question}}");
    expect(await template.locator(".cm-tpl-var").textContent()).toBe("{{question}}");

    // Connect dataset.question → prompt.question by dragging between the handles.
    await clickEmptyCanvas(page);
    await connectHandles(page, handle(page, "dataset_1", "out", "question"), handle(page, "prompt_1", "in", "question"));
    const edgeShape = { source: "dataset_1", sourcePort: "question", target: "prompt_1", targetPort: "question" };
    await expect.poll(async () => (await currentDoc(page)).edges).toMatchObject([edgeShape]);
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(1);

    // A refused connection says why: a text output cannot feed... nothing here is refused by type, so try a cycle.
    await connectHandles(page, handle(page, "prompt_1", "out", "text"), handle(page, "prompt_1", "in", "question"));
    await expect.poll(() => byTestId(page, "toast").allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/cannot feed itself/)]));

    // Undo and redo the connection with the keyboard.
    await clickEmptyCanvas(page);
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await currentDoc(page)).edges).toEqual([]);
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(0);
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(async () => (await currentDoc(page)).edges).toMatchObject([edgeShape]);
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(1);

    // The prompt has no model yet: the problem shows on the node and in the list; clicking it selects the node.
    await expect.poll(() => byTestId(page, "node-problems-prompt_1").getAttribute("title")).toMatch(/choose a model/);
    await clickEmptyCanvas(page);
    await expect.poll(() => byTestId(page, "config-panel").getAttribute("data-node-id")).toBe(null);
    await page.locator('[data-testid="problem-item"][data-node-id="prompt_1"]').first().click();
    await expect.poll(() => byTestId(page, "config-node-id").textContent()).toBe("prompt_1");

    // A model, so the pipeline is valid.
    await byTestId(page, "tab-models").click();
    await byTestId(page, "model-add").click();
    await byTestId(page, "model-add-remote").click();
    await expect.poll(async () => Object.keys((await currentDoc(page)).models)).toEqual(["model"]);
    await byTestId(page, "tab-node").click();
    await byTestId(page, "node-prompt_1").locator(".cnode__head").click();
    await byTestId(page, "config-prompt-model").selectOption("model");
    await expect.poll(() => byTestId(page, "validation-status").textContent()).toContain("valid");
    expect(await byTestId(page, "validation-status").textContent()).not.toContain("problem");

    // Save with Ctrl+S, reload, find it as it was.
    await clickEmptyCanvas(page);
    await page.keyboard.press("Control+s");
    await expect.poll(() => byTestId(page, "save-status").textContent()).toMatch(/^Saved · v\d+/);
    const saved = shape(await currentDoc(page));
    await page.reload();
    await waitReady(page);
    await expect.poll(async () => shape(await currentDoc(page))).toEqual(saved);
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(2);
    expect(await page.locator(".react-flow__edge").count()).toBe(1);
    expect(await handle(page, "prompt_1", "in", "question").count()).toBe(1);

    // Export: the downloaded file passes the CLI's validate.
    const [download] = await Promise.all([page.waitForEvent("download"), byTestId(page, "lib-export").click()]);
    const file = join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ nodes: [{ id: "dataset_1" }, { id: "prompt_1" }], edges: [edgeShape] });
    const cli = spawnSync(process.execPath, [join(ROOT, "bin/cascade.mjs"), "validate", file], { encoding: "utf8", cwd: ROOT, timeout: 60_000 });
    expect(cli.stderr + cli.stdout).toContain("valid");
    expect(cli.status).toBe(0);

    // Broken imports show their problems and leave the open pipeline untouched.
    const before = shape(await currentDoc(page));
    await byTestId(page, "lib-import-file").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from("{ this is not json") });
    await expect.poll(() => byTestId(page, "import-problem").allTextContents()).toEqual([expect.stringMatching(/^\$.*not valid JSON/)]);
    await byTestId(page, "dialog-close").click();
    const unknownKind = { ...JSON.parse(readFileSync(file, "utf8")), name: "Imported" };
    unknownKind.nodes[1].kind = "teleporter";
    await byTestId(page, "lib-import-file").setInputFiles({ name: "unknown-kind.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(unknownKind)) });
    await expect.poll(() => byTestId(page, "import-problem").allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^nodes\[1\]\.kind.*unknown node kind "teleporter"/)]));
    await byTestId(page, "dialog-close").click();
    expect(shape(await currentDoc(page))).toEqual(before);
    expect(await byTestId(page, "pipeline-name").inputValue()).not.toBe("Imported");
    expect(app.errors).toEqual([]);
  });

  it("opens the Cas-SEAT template from the gallery (screenshot)", async () => {
    const { page } = app;
    await page.setViewportSize({ width: 1920, height: 1080 });
    await byTestId(page, "lib-templates").click();
    await byTestId(page, "template-cas-seat.json").click();
    await expect.poll(async () => (await currentDoc(page)).nodes.length).toBeGreaterThan(5);
    await expect.poll(() => byTestId(page, "save-status").textContent()).toMatch(/Unsaved|Autosaved/);
    await byTestId(page, "node-selfeval").locator(".cnode__head").click();
    await expect.poll(() => byTestId(page, "config-node-id").textContent()).toBe("selfeval");
    await page.waitForTimeout(300);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "editor-cas-seat.png") });
    expect(await page.locator(".react-flow__edge").count()).toBe((await currentDoc(page)).edges.length);
    // The same in the dark theme (the toggle goes auto → light → dark).
    await byTestId(page, "theme-toggle").click();
    await byTestId(page, "theme-toggle").click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(SCREENSHOTS, "editor-cas-seat-dark.png") });
    await byTestId(page, "theme-toggle").click();
    expect(app.errors).toEqual([]);
  });

  it("copies, pastes, duplicates and deletes with the keyboard, each one undo step", async () => {
    const { page } = app;
    await page.setViewportSize({ width: 1440, height: 900 });
    await byTestId(page, "lib-new").click();
    await expect.poll(async () => (await currentDoc(page)).nodes.length).toBe(0);
    await byTestId(page, "palette-dataset").click();
    await byTestId(page, "palette-prompt").click();
    await expect.poll(async () => (await currentDoc(page)).nodes.map((n) => n.id)).toEqual(["dataset_1", "prompt_1"]);
    await connectHandles(page, handle(page, "dataset_1", "out", "question"), handle(page, "prompt_1", "in", "question"));
    await expect.poll(async () => (await currentDoc(page)).edges.length).toBe(1);

    // Clicking an edge shows it in the inspector, where it can be deleted (and undone).
    const edgeId = (await currentDoc(page)).edges[0].id;
    await clickEmptyCanvas(page);
    await clickEdge(page, edgeId);
    await expect.poll(() => byTestId(page, "edge-panel").getAttribute("data-edge-id")).toBe(edgeId);
    await byTestId(page, "edge-delete").click();
    await expect.poll(async () => (await currentDoc(page)).edges).toEqual([]);
    await clickEmptyCanvas(page);
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await currentDoc(page)).edges.map((e) => e.id)).toEqual([edgeId]);

    await clickEmptyCanvas(page);
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Control+c");
    await page.keyboard.press("Control+v");
    await expect.poll(async () => (await currentDoc(page)).nodes.map((n) => n.id)).toEqual(["dataset_1", "prompt_1", "dataset_2", "prompt_2"]);
    const pasted = await currentDoc(page);
    expect(pasted.edges.map((e) => `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`)).toEqual(["dataset_1.question->prompt_1.question", "dataset_2.question->prompt_2.question"]);
    // Pasted beside the originals, not on top of them.
    for (const copy of pasted.nodes.slice(2)) {
      for (const orig of pasted.nodes.slice(0, 2)) expect(Math.abs(copy.position.x - orig.position.x) >= 256 || Math.abs(copy.position.y - orig.position.y) >= 150).toBe(true);
    }
    // The pasted nodes are selected: duplicate them, then delete the duplicates.
    await page.keyboard.press("Control+d");
    await expect.poll(async () => (await currentDoc(page)).nodes.length).toBe(6);
    await page.keyboard.press("Delete");
    await expect.poll(async () => (await currentDoc(page)).nodes.length).toBe(4);
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await currentDoc(page)).nodes.length).toBe(6);
    await page.keyboard.press("Control+y");
    await expect.poll(async () => (await currentDoc(page)).nodes.length).toBe(4);
    expect((await currentDoc(page)).edges).toHaveLength(2);

  });

  it("refuses a mistyped connection with a reason, completes {{ from upstream names, autosaves, and restores a crash backup", async () => {
    const { page } = app;
    await byTestId(page, "lib-new").click();
    await expect.poll(async () => (await currentDoc(page)).nodes.length).toBe(0);
    await dragFromPalette(page, "dataset", 60, 120);
    await dragFromPalette(page, "prompt", 420, 120);
    await dragFromPalette(page, "prompt", 780, 120);
    await expect.poll(async () => (await currentDoc(page)).nodes.map((n) => n.id)).toEqual(["dataset_1", "prompt_1", "prompt_2"]);

    // A conversation output cannot feed a text input: refused, and the toast says why.
    await connectHandles(page, handle(page, "prompt_1", "out", "conversation"), handle(page, "prompt_2", "in", "question"));
    await expect.poll(() => byTestId(page, "toast").allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/conversation output cannot feed a text input/)]));
    expect((await currentDoc(page)).edges).toEqual([]);

    // Completion after "{{" offers the dataset's columns; accepting closes the tag.
    await byTestId(page, "node-prompt_2").locator(".cnode__head").click();
    const template = byTestId(page, "template-editor");
    await typeInEditor(page, template, "Check: {{ans");
    await expect.poll(() => page.locator(".cm-tooltip-autocomplete li").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("answer")]));
    await page.waitForTimeout(150); // CodeMirror ignores accepting within 75 ms of the list changing
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await currentDoc(page)).nodes[2].config.template).toBe("Check: {{answer}}");
    await expect.poll(() => handle(page, "prompt_2", "in", "answer").count()).toBe(1);
    // An unclosed tag is marked in red with the parser's message.
    await page.keyboard.type(" {{oops", { delay: 10 });
    await page.keyboard.press("Escape");
    await expect.poll(() => template.locator(".cm-tpl-error").getAttribute("title")).toMatch(/unclosed tag/);

    // Autosave gives the new pipeline an id and a version.
    await expect.poll(() => byTestId(page, "save-status").textContent(), { timeout: 10_000 }).toMatch(/^Autosaved · v\d+/);
    const autosaved = shape(await currentDoc(page));

    // An edit followed at once by a crash (no time to autosave) is restored from the local backup.
    await clickEmptyCanvas(page);
    await byTestId(page, "palette-note").click();
    await expect.poll(async () => (await currentDoc(page)).nodes.length).toBe(4);
    await page.waitForTimeout(400); // the backup is written ~0.3 s after a change; autosave waits 1.5 s
    const crashed = shape(await currentDoc(page));
    expect(crashed).not.toEqual(autosaved);
    await page.evaluate(() => window.stop());
    await page.reload();
    await waitReady(page);
    await expect.poll(async () => shape(await currentDoc(page))).toEqual(crashed);
    await expect.poll(() => byTestId(page, "toast").allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/Restored unsaved changes/)]));
  });

  it("tests a model's connection and suggests the server's models", async () => {
    const { page } = app;
    const fake = await startFakeOpenAI({ models: ["fake-model", "fake-vision"] });
    try {
      await byTestId(page, "lib-new").click();
      await byTestId(page, "tab-models").click();
      await byTestId(page, "model-add").click();
      await byTestId(page, "model-add-remote").click();
      await byTestId(page, "model-baseurl-model").fill(fake.url);
      await byTestId(page, "model-keyenv-model").fill("");
      await byTestId(page, "model-model-model").fill("fake-model");
      await byTestId(page, "model-test-model").click();
      await expect.poll(() => byTestId(page, "model-test-result-model").textContent()).toMatch(/✓ ok · \d+ ms · connected .*2 models available/);
      expect((await currentDoc(page)).models.model).toEqual({ provider: "openai", model: "fake-model", baseUrl: fake.url });

      await byTestId(page, "tab-node").click();
      await byTestId(page, "palette-prompt").click();
      await byTestId(page, "config-prompt-model").selectOption("model");
      await expect.poll(() => page.locator("datalist option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(["fake-model", "fake-vision"]);
    } finally {
      await fake.close();
    }
  });

  it("library: saves versions, renames, opens an older version, deletes", async () => {
    const { page } = app;
    await byTestId(page, "lib-new").click();
    await byTestId(page, "tab-node").click();
    await byTestId(page, "palette-dataset").click();
    await clickEmptyCanvas(page);
    await page.keyboard.press("Control+s");
    await expect.poll(() => byTestId(page, "save-status").textContent()).toMatch(/^Saved · v1$/);
    await byTestId(page, "palette-prompt").click();
    await clickEmptyCanvas(page);
    await page.keyboard.press("Control+s");
    await expect.poll(() => byTestId(page, "save-status").textContent()).toMatch(/^Saved · v2$/);

    await byTestId(page, "pipeline-name").fill("Versions demo");
    await byTestId(page, "pipeline-name").press("Tab");
    const id = await page.evaluate(() => JSON.parse(localStorage.getItem("cascade.backup")!).id as string);
    await expect.poll(async () => (await app.service.call("pipelines.list", undefined)).find((p) => p.id === id)?.name).toBe("Versions demo");

    await byTestId(page, "lib-open").click();
    await byTestId(page, `versions-${id}`).click();
    await expect.poll(() => byTestId(page, "versions-list").locator("li").count()).toBeGreaterThanOrEqual(2);
    await byTestId(page, "version-1").click();
    await expect.poll(async () => (await currentDoc(page)).nodes.map((n) => n.kind)).toEqual(["dataset"]);

    page.once("dialog", (d) => void d.accept());
    await byTestId(page, "lib-delete").click();
    await expect.poll(async () => (await app.service.call("pipelines.list", undefined)).some((p) => p.id === id)).toBe(false);
    expect((await currentDoc(page)).nodes).toEqual([]);
  });

  it("opens a 500-node pipeline with only what is on screen in the DOM, and pans it (timings: npm run bench)", async () => {
    const { page } = app;
    const doc = generatePipeline(500);
    const result = await page.evaluate((d) => window.__cascadeOpenDoc!(d), doc);
    expect((await currentDoc(page)).nodes).toHaveLength(500);
    // Only what is on screen is in the DOM.
    expect(result.nodes).toBeLessThan(200);

    // Pan by dragging the pane: the viewport moves with the drag.
    const transform = () => page.evaluate(() => document.querySelector(".react-flow__viewport")!.getAttribute("style"));
    const before = await transform();
    const pane = (await page.locator(".react-flow__pane").boundingBox())!;
    // Start on empty canvas (top right: the generated grid is at the left, controls and minimap at the bottom).
    const start = { x: pane.x + pane.width - 30, y: pane.y + 30 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(start.x - i * 8, start.y + i * 10);
    await page.mouse.up();
    expect(await transform()).not.toBe(before);
  });
});
