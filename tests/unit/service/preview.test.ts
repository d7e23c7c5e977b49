import { afterEach, describe, expect, it } from "vitest";
import type { RunPreview } from "../../../src/shared/contract";
import type { ChatMessage } from "../../../src/shared/values";
import { alwaysExtract, chatCount, chatRequests, docAt, runToEnd, startEnv, type Env } from "./inspectHelpers";

let env: Env;
afterEach(async () => env?.close());

/** The neutral form the fake records of messages the engine sends (images counted). */
const neutral = (messages: ChatMessage[]) => messages.map((m) => ({ role: m.role, text: m.content, images: m.images?.length ?? 0 }));
const node = (p: RunPreview, id: string) => p.nodes!.find((n) => n.nodeId === id)!;

describe("runs.preview", () => {
  it("counts calls, cached calls and unknown keys before and after a run; its messages are what the run sends", async () => {
    env = await startEnv();
    const doc = alwaysExtract(docAt("cot.json", env.fake.url));

    const before = await env.service.call("runs.preview", { doc, limit: 3 });
    expect(before).toMatchObject({ items: 3, calls: 6, cachedCalls: 0, unknownCalls: 3, exactItems: 3, estimated: false, itemId: "count-01", problems: [] });
    expect(node(before, "reason")).toMatchObject({ calls: 3, cachedCalls: 0, unknownCalls: 0 });
    expect(node(before, "extract_llm")).toMatchObject({ calls: 3, cachedCalls: 0, unknownCalls: 3 });
    expect(before.messages.map((m) => [m.nodeId, m.exact, m.cached])).toEqual([["reason", true, false], ["extract_llm", false, false]]);
    expect(before.estimatedInputTokens).toBeGreaterThan(0);
    // reasoner maxTokens 1024 × 3 + extractor 64 × 3 (no history yet).
    expect(before.estimatedOutputTokens).toBe(3 * 1024 + 3 * 64);
    expect(before.estimatedCostUsd).toBeNull();
    expect(chatCount(env.fake)).toBe(0); // a preview never calls a model

    // The reason messages of the first item, as previewed, are exactly what the run sends.
    const reasonPreview = before.messages[0];
    expect(reasonPreview.messages[1].images?.[0]).toMatchObject({ kind: "image", source: "images/count-01.png", mime: "image/png" });
    await runToEnd(env, { doc, limit: 3 });
    expect(chatRequests(env.fake)).toContainEqual(neutral(reasonPreview.messages));

    const after = await env.service.call("runs.preview", { doc, limit: 3 });
    expect(after).toMatchObject({ calls: 6, cachedCalls: 6, unknownCalls: 0, estimatedInputTokens: 0, estimatedOutputTokens: 0 });
    expect(after.messages.every((m) => m.exact && m.cached)).toBe(true);
    expect(chatRequests(env.fake)).toContainEqual(neutral(after.messages[1].messages));

    // Edit the last prompt: only its calls are not cached; the preview's messages are what the next run sends.
    const edited = structuredClone(doc);
    const extract = edited.nodes.find((n) => n.id === "extract_llm")!;
    extract.config = { ...extract.config, template: `${(extract.config as { template: string }).template}\nBe brief.` };
    const preview = await env.service.call("runs.preview", { doc: edited, limit: 3, itemId: "count-02" });
    expect(preview).toMatchObject({ calls: 6, cachedCalls: 3, unknownCalls: 0, itemId: "count-02" });
    expect(node(preview, "reason").cachedCalls).toBe(3);
    expect(node(preview, "extract_llm")).toMatchObject({ calls: 3, cachedCalls: 0 });
    const extractMessages = preview.messages.find((m) => m.nodeId === "extract_llm")!;
    expect(extractMessages).toMatchObject({ exact: true, cached: false });
    expect(extractMessages.messages.at(-1)!.content).toContain("Be brief.");
    const sentBefore = chatCount(env.fake);
    await runToEnd(env, { doc: edited, limit: 3 });
    const sent = chatRequests(env.fake, sentBefore);
    expect(sent).toHaveLength(3);
    expect(sent).toContainEqual(neutral(extractMessages.messages));
  });

  it("counts no extractor call where the rules decide (the shortcut), once the replies they read are cached", async () => {
    env = await startEnv();
    const doc = docAt("cot.json", env.fake.url);
    const before = await env.service.call("runs.preview", { doc, limit: 3 });
    // Before the run the reasoning replies are unknown: the extractor's calls are counted, as conditional
    // (the rules may decide): the run sends between calls − cachedCalls − conditionalCalls and calls − cachedCalls.
    expect(node(before, "extract_llm")).toMatchObject({ calls: 3, unknownCalls: 3, conditionalCalls: 3 });
    expect(node(before, "reason")).toMatchObject({ calls: 3, conditionalCalls: 0 });
    expect(before).toMatchObject({ calls: 6, cachedCalls: 0, conditionalCalls: 3 });
    await runToEnd(env, { doc, limit: 3 });
    expect(chatCount(env.fake)).toBe(3); // the replies end on "Final answer: X": no extractor call
    const after = await env.service.call("runs.preview", { doc, limit: 3 });
    expect(after).toMatchObject({ calls: 3, cachedCalls: 3, unknownCalls: 0, conditionalCalls: 0 });
    expect(node(after, "extract_llm")?.calls ?? 0).toBe(0);
  });

  it("counts a call an earlier item makes with the same key as a cache hit, as the run does, also below a reply not cached", async () => {
    env = await startEnv();
    const doc = alwaysExtract(docAt("cot.json", env.fake.url));
    const data = doc.nodes.find((n) => n.id === "dataset")!;
    const row = (id: string, n: number) => ({ id, question: `How many circles? (${n})`, image: `data/images/count-0${n}.png`, choices: [], answer: "1", answer_type: "integer" });
    // dup-1 and dup-2 ask what i1 and i2 ask: the run sends their Reason calls once, and so their extractor calls.
    data.config = { ...data.config, source: { type: "inline", rows: [row("i1", 1), row("i2", 2), row("i3", 3), row("dup-1", 1), row("dup-2", 2)] } };
    const before = await env.service.call("runs.preview", { doc });
    expect(before).toMatchObject({ items: 5, calls: 10, cachedCalls: 4, conditionalCalls: 0 });
    expect(node(before, "reason")).toMatchObject({ calls: 5, cachedCalls: 2, sharedCalls: 2 });
    expect(node(before, "extract_llm")).toMatchObject({ calls: 5, cachedCalls: 2, sharedCalls: 2, unknownCalls: 5 });
    await runToEnd(env, { doc });
    expect(chatCount(env.fake)).toBe(before.calls - before.cachedCalls);
    const after = await env.service.call("runs.preview", { doc });
    expect(after).toMatchObject({ calls: 10, cachedCalls: 10 });
    expect(node(after, "reason").sharedCalls).toBe(0);
  });

  it("honours toNode, fromNode and itemIds; a missing image is reported for the chosen item", async () => {
    env = await startEnv();
    const doc = docAt("cas-seat.json", env.fake.url);
    const to = await env.service.call("runs.preview", { doc, toNode: "reason", itemIds: ["count-02", "count-03"] });
    expect(to).toMatchObject({ items: 2, calls: 2, itemId: "count-02" });
    expect(to.nodes!.map((n) => n.nodeId)).toEqual(["reason"]);

    const from = await env.service.call("runs.preview", { doc, fromNode: "extract_llm", limit: 2 });
    // Ancestors (reason, selfeval) are counted: a run from a node needs them, from the cache.
    expect(from.nodes!.map((n) => n.nodeId)).toEqual(["reason", "selfeval", "extract_llm"]);
    expect(from).toMatchObject({ items: 2, calls: 6, cachedCalls: 0 });

    const broken = structuredClone(doc);
    const data = broken.nodes.find((n) => n.id === "dataset")!;
    const source = (data.config as { source: { type: "inline"; rows: unknown[] } | { type: "file" } }).source;
    data.config = { ...data.config, source: { type: "inline", rows: [{ id: "x", question: "q", image: "nope.png", choices: [], answer: "1", answer_type: "integer" }] } };
    expect(source).toBeDefined();
    const p = await env.service.call("runs.preview", { doc: broken });
    expect(p.items).toBe(1);
    expect(p.itemErrors).toEqual([{ nodeId: "reason", error: expect.stringMatching(/image not found: nope\.png/) }]);
    expect(p.calls).toBe(0); // the run would fail the item at "reason": nothing below it runs
  });

  it("stays fast on 10,000 items: works the first ones out exactly and extrapolates the rest", async () => {
    env = await startEnv();
    const doc = docAt("cot.json", env.fake.url);
    const data = doc.nodes.find((n) => n.id === "dataset")!;
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ id: `i${i}`, question: `q${i}`, image: "data/images/count-01.png", choices: [], answer: "1", answer_type: "integer" }));
    data.config = { ...data.config, source: { type: "inline", rows } };
    const started = performance.now();
    const p = await env.service.call("runs.preview", { doc });
    expect(performance.now() - started).toBeLessThan(8000);
    expect(p.items).toBe(10_000);
    expect(p.calls).toBe(20_000);
    expect(p.exactItems).toBeGreaterThan(0);
    expect(p.estimated).toBe((p.exactItems ?? 0) < 10_000);
  });
});
