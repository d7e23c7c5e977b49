/** Per-sample seeds (#20 item 6): the n samples of a call each send their own seed, derived from the base seed. */
import { afterEach, describe, expect, it } from "vitest";
import { callSeed } from "../../../src/shared/callSeed";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { createProvider } from "../../../src/main/providers/registry";
import type { Store } from "../../../src/main/store/store";
import { startFakeOpenAI, type FakeServer } from "../../fakes/openaiServer";
import { datasetNode, memStore, node, edge, outputsOf, rows, run, testProvider } from "./helpers";

let fake: FakeServer | undefined;
let store: Store | undefined;
afterEach(async () => {
  await fake?.close();
  store?.close();
  fake = store = undefined;
});

function sampledDoc(baseUrl: string, params: Record<string, unknown>): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "samples",
    models: { m: { provider: "openai", model: "fake-model", baseUrl, params } },
    nodes: [datasetNode(rows(2)), node("think", "prompt", { model: "m", template: "Q: {{question}}", samples: 3 })],
    edges: [edge("data", "question", "think", "question")],
  };
}

const chatBodies = (s: FakeServer) => s.requests.filter((r) => r.method === "POST").map((r) => r.body as { seed?: number; messages: unknown });

describe("per-sample seeds", () => {
  it("derives distinct, reproducible seeds and keeps the base seed for sample 0 of repeat 0", () => {
    expect(callSeed(42, 0)).toBe(42);
    expect(callSeed(42, 0, 0)).toBe(42);
    const seeds = new Set<number>();
    for (let base = 0; base < 20; base++) for (let sample = 0; sample < 8; sample++) for (let repeat = 0; repeat < 5; repeat++) seeds.add(callSeed(base, sample, repeat));
    // A derived seed may equal a small base by chance (1 in 2^31); 800 triples give 800 seeds.
    expect(seeds.size).toBe(20 * 8 * 5);
    expect(callSeed(42, 2, 1)).toBe(callSeed(42, 2, 1));
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
    // base + 1 with sample 0 is not base with sample 1 (no additive overlap).
    expect(callSeed(8, 1)).not.toBe(callSeed(9, 0));
  });

  it("samples: 3 sends three distinct seeds per call, and a seeded server answers each differently", async () => {
    store = memStore();
    fake = await startFakeOpenAI({ reply: (req) => `sample with seed ${(req.body as { seed?: number }).seed}` });
    const factory = (_: string, config: PipelineDoc["models"][string]) => createProvider(config, { env: {} });
    const { runId } = await run(store, sampledDoc(fake.url, { seed: 7, temperature: 0.8 }), testProvider(), { providerFactory: factory });
    const bodies = chatBodies(fake);
    expect(bodies).toHaveLength(6);
    const byItem = new Map<string, number[]>();
    for (const b of bodies) byItem.set(JSON.stringify(b.messages), [...(byItem.get(JSON.stringify(b.messages)) ?? []), b.seed!]);
    expect(byItem.size).toBe(2);
    for (const seeds of byItem.values()) {
      expect(new Set(seeds).size).toBe(3);
      expect(seeds.sort()).toEqual([7, callSeed(7, 1), callSeed(7, 2)].sort());
    }
    const out = outputsOf(store, runId, "think")[0].output!.text as { values: string[] };
    expect(new Set(out.values).size).toBe(3);

    // The trace records the seed each sample sent; a re-run reads all three from the cache.
    const again = await run(store, sampledDoc(fake.url, { seed: 7, temperature: 0.8 }), testProvider(), { providerFactory: factory });
    expect(chatBodies(fake)).toHaveLength(6);
    expect(again.summary.totals.cacheHits).toBe(6);
  });

  it("sends no seed when none is configured (the server's randomness decides)", async () => {
    store = memStore();
    fake = await startFakeOpenAI();
    const factory = (_: string, config: PipelineDoc["models"][string]) => createProvider(config, { env: {} });
    await run(store, sampledDoc(fake.url, {}), testProvider(), { providerFactory: factory });
    expect(chatBodies(fake).every((b) => b.seed === undefined)).toBe(true);
  });
});
