/** The engine charges a model without a `price` from the known-price table or the user's overrides. */
import { describe, expect, it } from "vitest";
import { startRun } from "../../../src/main/engine/startRun";
import type { ModelConfig, PipelineDoc } from "../../../src/shared/pipeline/schema";
import { datasetNode, edge, memStore, node, rows, testProvider } from "./helpers";

function doc(model: ModelConfig): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "priced",
    models: { m: model },
    nodes: [datasetNode(rows(4)), node("ask", "prompt", { model: "m", template: "Q: {{question}}" })],
    edges: [edge("data", "question", "ask", "question")],
  };
}

async function costOfRun(model: ModelConfig, priceOverrides?: Record<string, { inputPerMillion: number; outputPerMillion: number }>) {
  const p = testProvider(); // 10 input and 3 output tokens per call
  const handle = startRun({ doc: doc(model), baseDir: process.cwd(), store: memStore(), providerFactory: p.factory, priceOverrides });
  return (await handle.done).totals.costUsd;
}

describe("run cost", () => {
  it("uses the table for a hosted model without a price, the overrides first, the config's price above all", async () => {
    // 4 calls × (10 × 2.5 + 3 × 10) / 1e6
    expect(await costOfRun({ provider: "openai", model: "gpt-4o" })).toBeCloseTo((4 * (10 * 2.5 + 3 * 10)) / 1e6, 12);
    expect(await costOfRun({ provider: "openai", model: "gpt-4o" }, { "gpt-4o": { inputPerMillion: 1000, outputPerMillion: 0 } })).toBeCloseTo(0.04, 12);
    expect(await costOfRun({ provider: "openai", model: "gpt-4o", price: { inputPerMillion: 0, outputPerMillion: 1e6 } })).toBeCloseTo(12, 9);
    expect(await costOfRun({ provider: "openai", model: "gpt-4o", baseUrl: "http://127.0.0.1:8000/v1" })).toBe(0);
    expect(await costOfRun({ provider: "openai", model: "some-unknown-model" })).toBe(0);
  });
});

describe("price unknown (#20 item 8)", () => {
  async function totalsOf(model: ModelConfig) {
    const p = testProvider();
    return (await startRun({ doc: doc(model), baseDir: process.cwd(), store: memStore(), providerFactory: p.factory }).done).totals;
  }

  it("counts the calls to a model the table does not know instead of pricing them like a neighbour", async () => {
    // claude-opus-4-7 is not in the table: before, the prefix claude-opus-4 priced it at 15/75.
    const unknown = await totalsOf({ provider: "anthropic", model: "claude-opus-4-7" });
    expect(unknown).toMatchObject({ costUsd: 0, unpricedCalls: 4 });
    const known = await totalsOf({ provider: "anthropic", model: "claude-opus-4-5-20251101" });
    expect(known.costUsd).toBeCloseTo((4 * (10 * 5 + 3 * 25)) / 1e6, 12);
    expect(known.unpricedCalls).toBeUndefined();
    // A local model is free, not unknown.
    expect((await totalsOf({ provider: "ollama", model: "llava:7b" })).unpricedCalls).toBeUndefined();
  });
});
