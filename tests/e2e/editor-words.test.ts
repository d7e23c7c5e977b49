/**
 * #12 items 2 and 10 in the browser: clearing a model's name is a problem in the app (not "✓ valid"), autosave
 * says why it does not save instead of stopping silently, Run refuses in words naming the field (no RPC or zod
 * text), and fixing the name saves again. An empty template is a problem.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byTestId, currentDoc, waitReady } from "./editorDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";

const DOC = {
  format: "cascade-studio/pipeline",
  version: 1,
  name: "words",
  models: { solver: { provider: "openai", model: "qwen", baseUrl: "http://127.0.0.1:9/v1" } },
  nodes: [
    { id: "data", kind: "dataset", position: { x: 0, y: 0 }, config: { columns: [{ name: "id", type: "text" }, { name: "question", type: "text" }], source: { type: "inline", rows: [{ id: "1", question: "2+2?" }] } } },
    { id: "ask", kind: "prompt", position: { x: 320, y: 0 }, config: { model: "solver", template: "{{question}}" } },
  ],
  edges: [{ id: "e1", source: "data", sourcePort: "question", target: "ask", targetPort: "question" }],
  settings: {},
};

describe("messages in words", () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await startApp({ viewport: { width: 1440, height: 900 } });
    await waitReady(app.page);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("a blank model name is a problem, blocks saving visibly, and Run refuses it in words", async () => {
    const { page } = app;
    await page.evaluate((doc) => window.__cascadeOpenDoc!(doc as never), DOC);
    await byTestId(page, "lib-save").click();
    await expect.poll(() => byTestId(page, "save-status").textContent()).toMatch(/Saved/);
    await expect.poll(() => byTestId(page, "validation-status").textContent()).toBe("✓ valid");

    await byTestId(page, "tab-models").click();
    await byTestId(page, "model-model-solver").fill("");
    await expect.poll(() => byTestId(page, "validation-status").textContent()).toBe("✕ 1 problem");
    await expect.poll(() => byTestId(page, "problems-panel").textContent()).toContain('The model name of model "solver" is empty');
    // Autosave does not silently stop: the toolbar says why the work is not saved.
    await expect.poll(() => byTestId(page, "save-status").textContent(), { timeout: 6000 }).toMatch(/^Not saved: The model name of model "solver" is empty/);

    await byTestId(page, "run-all").click();
    await expect.poll(() => byTestId(page, "toast").allTextContents()).toContainEqual(expect.stringMatching(/Run not started: The model name of model "solver" is empty/));
    const texts = (await byTestId(page, "toast").allTextContents()).join("\n") + (await page.locator("body").textContent());
    expect(texts).not.toMatch(/bad params|Too small|runs\.start|pipelines\.save|>=1 characters/);
    await page.screenshot({ path: join(SCREENSHOTS, "editor-blank-model.png") });

    // Fixing it saves again by itself.
    await byTestId(page, "model-model-solver").fill("qwen2");
    await expect.poll(() => byTestId(page, "save-status").textContent(), { timeout: 8000 }).toMatch(/Autosaved/);
    expect((await currentDoc(page)).models.solver.model).toBe("qwen2");
  });

  it("an empty template is a problem, and its placeholder reads as a hint", async () => {
    const { page } = app;
    await byTestId(page, "node-ask").locator(".cnode__head").click();
    const box = byTestId(page, "template-editor").locator(".cm-content");
    await box.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await expect.poll(() => byTestId(page, "config-problems").textContent()).toContain("the template is empty");
    const placeholder = byTestId(page, "template-editor").locator(".cm-placeholder");
    expect(await placeholder.textContent()).toMatch(/^Write the user message, e\.g\./);
    expect(await placeholder.evaluate((el) => getComputedStyle(el).fontStyle)).toBe("italic");
  });

  it("a missing dataset file and an unset API key are problems before the run, marking the dataset node (#12 items 6, 7)", async () => {
    const { page } = app;
    const doc = structuredClone(DOC) as typeof DOC & { models: { solver: Record<string, unknown> } };
    doc.models.solver.apiKeyEnv = "CASCADE_E2E_UNSET_KEY";
    (doc.nodes[0].config as Record<string, unknown>).source = { type: "file", path: "data/no-such-file.jsonl" };
    await page.evaluate((d) => window.__cascadeOpenDoc!(d as never), doc);
    await expect.poll(() => byTestId(page, "validation-status").textContent()).toBe("✕ 2 problems");
    const panel = byTestId(page, "problems-panel");
    await expect.poll(() => panel.textContent()).toContain('the dataset file "data/no-such-file.jsonl" does not exist');
    expect(await panel.textContent()).toContain('model "solver" needs an API key: the environment variable CASCADE_E2E_UNSET_KEY is not set');
    expect(await byTestId(page, "node-problems-data").textContent()).toBe("1");
    await byTestId(page, "run-all").click();
    await expect.poll(() => byTestId(page, "run-check").getAttribute("data-phase"), { timeout: 15_000 }).toBe("problems");
    expect(await byTestId(page, "run-check-message").textContent()).toContain("CASCADE_E2E_UNSET_KEY is not set");
    await page.screenshot({ path: join(SCREENSHOTS, "editor-missing-file-key.png") });
    await byTestId(page, "run-check-dismiss").click();
    // Clearing the key variable (a local server needs none) leaves only the file.
    await byTestId(page, "tab-models").click();
    await byTestId(page, "model-keyenv-solver").fill("");
    await expect.poll(() => byTestId(page, "validation-status").textContent()).toBe("✕ 1 problem");
  });
});
