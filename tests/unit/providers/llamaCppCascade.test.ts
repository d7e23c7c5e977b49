/**
 * A two-node cascade (dataset → prompt → prompt) run by the engine on the embedded llama.cpp provider with
 * the tiny random GGUF: both nodes get real (gibberish) text, token counts and streamed tokens.
 */
import { realpathSync } from "node:fs";
import { basename, dirname } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { startRun } from "../../../src/main/engine/startRun";
import { createLlamaCppProvider } from "../../../src/main/providers/llamaCpp";
import { llamaCppModelStats } from "../../../src/main/providers/llamaCppRuntime";
import type { RunEvent } from "../../../src/shared/events";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { TINY_GGUF_DEFAULT_PATH, writeTinyGguf } from "../../fixtures/make-tiny-gguf";
import { withoutNodeLlamaCpp } from "../../fixtures/nodeLlamaCppPresent";
import { datasetNode, edge, memStore, node, outputsOf, rows } from "../engine/helpers";

const modelPath = TINY_GGUF_DEFAULT_PATH;

beforeAll(() => {
  writeTinyGguf(modelPath);
});

function cascadeDoc(items: number): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "tiny llama cascade",
    models: {
      tiny: { provider: "llama-cpp", model: basename(modelPath), threads: 1, concurrency: 1, params: { maxTokens: 6, temperature: 0 } },
    },
    nodes: [
      datasetNode(rows(items)),
      node("first", "prompt", { model: "tiny", system: "Answer briefly.", template: "Q: {{question}}" }),
      node("second", "prompt", { model: "tiny", template: "Check this answer: {{prev}}" }),
    ],
    edges: [edge("data", "question", "first", "question"), edge("first", "text", "second", "prev")],
  };
}

describe.skipIf(withoutNodeLlamaCpp("a cascade on the embedded llama.cpp"))("a cascade on the embedded llama.cpp", () => {
  it("runs prompt → prompt with the tiny GGUF and stores text from both nodes", async () => {
    const store = memStore();
    const events: RunEvent[] = [];
    const handle = startRun({
      doc: cascadeDoc(2),
      baseDir: process.cwd(),
      store,
      // relative model paths resolve against the pipeline's folder; here the GGUF's own folder
      providerFactory: (_name, config) => createLlamaCppProvider(config, { baseDir: dirname(modelPath) }),
      onEvent: (e) => events.push(e),
    });
    const summary = await handle.done;
    expect(summary.status).toBe("done");
    expect(summary.totals).toMatchObject({ items: 2, itemsDone: 2, itemsFailed: 0, calls: 4, errors: 0 });
    expect(summary.totals.inputTokens).toBeGreaterThan(0);
    expect(summary.totals.outputTokens).toBeGreaterThan(0);
    for (const nodeId of ["first", "second"]) {
      const outputs = outputsOf(store, handle.runId, nodeId);
      expect(outputs).toHaveLength(2);
      for (const r of outputs) expect(String(r.output?.text ?? "").trim().length).toBeGreaterThan(0);
    }
    expect(events.some((e) => e.type === "item-token" && e.nodeId === "second")).toBe(true);
    // the engine closed its provider at the end of the run, which released the model
    expect(llamaCppModelStats(realpathSync(modelPath)).refs).toBe(0);
    store.close();
  });

  it("fails each item of a run whose GGUF is missing, naming the path", async () => {
    const store = memStore();
    const doc = cascadeDoc(1);
    doc.models.tiny.model = "no-such-model.gguf";
    const handle = startRun({ doc, baseDir: process.cwd(), store, providerFactory: (_n, config) => createLlamaCppProvider(config, { baseDir: dirname(modelPath) }) });
    const summary = await handle.done;
    expect(summary.totals.itemsFailed).toBe(1);
    const [first] = outputsOf(store, handle.runId, "first");
    expect(first.error).toContain(`GGUF model file not found: ${dirname(modelPath)}/no-such-model.gguf`);
    store.close();
  });
});
