import { describe, expect, it } from "vitest";
import { cacheKey } from "../../../src/main/engine/cacheKey";
import { edge, memStore, node, outputsOf, run, testProvider, twoPromptDoc } from "./helpers";

describe("engine: the call cache", () => {
  it("an identical re-run makes zero provider calls and reports cache hits", async () => {
    const store = memStore();
    const p = testProvider();
    const first = await run(store, twoPromptDoc(5), p);
    expect(p.calls).toHaveLength(10);
    const again = testProvider();
    const second = await run(store, twoPromptDoc(5), again);
    expect(again.calls).toHaveLength(0);
    expect(second.summary.totals).toMatchObject({ calls: 0, cacheHits: 10, itemsDone: 5 });
    expect(outputsOf(store, second.runId, "second").every((r) => r.status === "cached")).toBe(true);
    expect(outputsOf(store, second.runId, "second").map((r) => r.output)).toEqual(outputsOf(store, first.runId, "second").map((r) => r.output));
    expect(second.events.filter((e) => e.type === "item-cached")).toHaveLength(10);
    store.close();
  });

  it("editing the last prompt's text re-runs exactly one call per item, for that node only", async () => {
    const store = memStore();
    await run(store, twoPromptDoc(4), testProvider());
    const p = testProvider();
    const { runId } = await run(store, twoPromptDoc(4, "verify: {{prev}}"), p);
    expect(p.calls).toHaveLength(4);
    expect(p.calls.every((c) => c.messages.at(-1)!.content.startsWith("verify: "))).toBe(true);
    expect(outputsOf(store, runId, "first").every((r) => r.status === "cached")).toBe(true);
    expect(outputsOf(store, runId, "second").every((r) => r.status === "done")).toBe(true);
    store.close();
  });

  it("a copied node making the same call hits the cache (keys do not include node ids)", async () => {
    const store = memStore();
    await run(store, twoPromptDoc(3), testProvider());
    const doc = twoPromptDoc(3);
    doc.nodes.push(node("first_copy", "prompt", { model: "m", template: "Q: {{question}}" }));
    doc.edges.push(edge("data", "question", "first_copy", "question"));
    const p = testProvider();
    const { runId } = await run(store, doc, p);
    expect(p.calls).toHaveLength(0);
    expect(outputsOf(store, runId, "first_copy").map((r) => r.status)).toEqual(["cached", "cached", "cached"]);
    store.close();
  });

  it("noCache (per run or per node) skips reading but still writes", async () => {
    const store = memStore();
    await run(store, twoPromptDoc(2), testProvider());
    const p = testProvider();
    await run(store, twoPromptDoc(2), p, { noCache: true });
    expect(p.calls).toHaveLength(4);
    const doc = twoPromptDoc(2);
    doc.nodes[2].noCache = true;
    const q = testProvider();
    await run(store, doc, q);
    expect(q.calls).toHaveLength(2);
    expect(q.calls.every((c) => c.messages.at(-1)!.content.startsWith("check: "))).toBe(true);
    store.close();
  });

  it("fromNode: the ancestors read the cache even on a no-cache run", async () => {
    const store = memStore();
    await run(store, twoPromptDoc(2), testProvider());
    const p = testProvider();
    await run(store, twoPromptDoc(2), p, { fromNode: "second", noCache: true });
    expect(p.calls.map((c) => c.messages.at(-1)!.content.slice(0, 6))).toEqual(["check:", "check:"]);
    store.close();
  });

  it("keys depend on model, params, messages, image hashes and sample — not on image paths", () => {
    const base = { provider: "openai", endpoint: "http://x/v1", model: "m", params: { temperature: 0 }, sample: 0 };
    const img = (source: string, hash: string) => [{ role: "user" as const, content: "hi", images: [{ kind: "image" as const, source, hash, mime: "image/png" }] }];
    const k = cacheKey({ ...base, messages: img("a.png", "h1") });
    expect(cacheKey({ ...base, messages: img("b/other.png", "h1") })).toBe(k);
    expect(cacheKey({ ...base, messages: img("a.png", "h2") })).not.toBe(k);
    expect(cacheKey({ ...base, sample: 1, messages: img("a.png", "h1") })).not.toBe(k);
    expect(cacheKey({ ...base, params: { temperature: 0.5 }, messages: img("a.png", "h1") })).not.toBe(k);
    expect(cacheKey({ ...base, model: "n", messages: img("a.png", "h1") })).not.toBe(k);
    expect(() => cacheKey({ ...base, messages: img("a.png", "") })).toThrow(/no hash/);
  });
});

describe("cacheKey fast path", () => {
  it("hashes exactly the canonical JSON of the key input", async () => {
    const { cacheKeyText } = await import("../../../src/main/engine/cacheKey");
    const { sha256Hex } = await import("../../../src/main/store/hash");
    const input = {
      provider: "openai",
      endpoint: "http://x/v1",
      model: "m",
      params: { temperature: 0.2, maxTokens: 5, stop: ["\n", "b"] },
      sample: 2,
      messages: [
        { role: "system" as const, content: "s" },
        { role: "user" as const, content: 'q "quoted"\n', images: [{ kind: "image" as const, source: "a.png", hash: "h", mime: "image/png" }] },
        { role: "assistant" as const, content: "a" },
      ],
    };
    expect(cacheKey(input)).toBe(sha256Hex(cacheKeyText(input)));
    expect(cacheKey({ ...input, params: {} })).toBe(sha256Hex(cacheKeyText({ ...input, params: {} })));
    expect(cacheKey({ ...input, repeat: 3 })).toBe(sha256Hex(cacheKeyText({ ...input, repeat: 3 })));
  });

  it("keeps a run without repeats on repeat 0's key and gives every other repeat its own", () => {
    const input = { provider: "openai", endpoint: "http://x/v1", model: "m", params: {}, sample: 0, messages: [{ role: "user" as const, content: "q" }] };
    expect(cacheKey({ ...input, repeat: 0 })).toBe(cacheKey(input));
    const keys = new Set([0, 1, 2, 3].map((repeat) => cacheKey({ ...input, repeat })));
    expect(keys.size).toBe(4);
  });
});
