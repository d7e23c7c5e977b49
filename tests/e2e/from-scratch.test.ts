/**
 * A new 5-node cascade built from scratch against a local (fake) OpenAI-compatible server, counting every
 * interaction (click, drag, fill, key press): add a model and point it at the server, then dataset → prompt
 * (reason) → prompt (answer) → extract → score, each a click in the palette that continues the chain from the
 * selected node (and takes the only model), fit the view, the ground truth dragged into the score, Run: 11
 * interactions; the budget is 15.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { byTestId, connectHandles, currentDoc, handle, waitReady } from "./editorDriver";
import { SCREENSHOTS, startApp, type AppHarness } from "./harness";

export const INTERACTION_BUDGET = 15;

describe("a new pipeline from scratch", () => {
  let app: AppHarness;
  let fake: FakeServer;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ reply: () => "Let me think. 2 + 3 = 5. The answer is B.", models: ["gpt-4o-mini"] });
    // The fake is the one local server discovery finds (as "+ Add model" offers what discovery finds).
    app = await startApp({ viewport: { width: 1440, height: 900 }, service: { providers: { discover: { candidates: [{ name: "vLLM", provider: "openai", baseUrl: fake.url }] } } } });
    await waitReady(app.page);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it(`takes no more than ${INTERACTION_BUDGET} interactions for a 5-node cascade that runs`, async () => {
    const { page } = app;
    let interactions = 0;
    const act = async (what: Promise<unknown>) => {
      interactions++;
      await what;
    };
    expect((await currentDoc(page)).nodes).toEqual([]);

    // The model: Models tab, + Add model, the found server's model (its address comes with it, no key).
    await act(byTestId(page, "tab-models").click());
    await act(byTestId(page, "model-add").click());
    await act(byTestId(page, "model-add-found-gpt-4o-mini").click());
    await expect.poll(async () => (await currentDoc(page)).models.model?.baseUrl).toBe(fake.url);

    // Five nodes, each one click that continues the chain from the node selected (the one added last).
    for (const kind of ["dataset", "prompt", "prompt", "extract", "score"]) await act(byTestId(page, `palette-${kind}`).click());
    await expect.poll(async () => (await currentDoc(page)).nodes.map((n) => n.id)).toEqual(["dataset_1", "prompt_1", "prompt_2", "extract_1", "score_1"]);
    const chained = await currentDoc(page);
    expect(chained.edges.map((e) => `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`)).toEqual([
      "dataset_1.question->prompt_1.question",
      "prompt_1.text->prompt_2.question",
      "prompt_2.text->extract_1.text",
      "extract_1.value->score_1.prediction",
    ]);
    expect(chained.nodes.filter((n) => n.kind === "prompt").map((n) => n.config.model)).toEqual(["model", "model"]);

    // The chain runs off the right of the view: fit it (one click), then drag the ground truth into the score.
    await act(page.locator(".react-flow__controls-fitview").click());
    await page.waitForTimeout(300);
    await act(connectHandles(page, handle(page, "dataset_1", "out", "answer"), handle(page, "score_1", "in", "truth")));
    await expect.poll(async () => (await currentDoc(page)).edges.length).toBe(5);
    await expect.poll(() => byTestId(page, "validation-status").textContent()).toMatch(/valid/);

    // Run.
    await act(byTestId(page, "run-all").click());
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="run-status"]');
      return !!el && el.getAttribute("data-status") !== "running" && !!el.getAttribute("data-run-id");
    });
    const runId = (await byTestId(page, "run-status").getAttribute("data-run-id"))!;
    const results = await app.service.call("runs.results", { runId, nodeId: "score_1", limit: 10 });
    expect(results.total).toBe(1);
    expect(results.rows[0].status).toBe("done");
    expect(fake.requests.filter((r) => r.method === "POST").length).toBe(2);
    await page.screenshot({ path: join(SCREENSHOTS, "from-scratch.png") });

    console.log(`from-scratch: ${interactions} interactions for a 5-node cascade`);
    expect(interactions).toBeLessThanOrEqual(INTERACTION_BUDGET);
    expect(interactions).toBe(11);
    expect(app.errors).toEqual([]);
  });
});
