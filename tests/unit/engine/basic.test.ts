import { describe, expect, it } from "vitest";
import { startRun } from "../../../src/main/engine/startRun";
import { PipelineInvalidError } from "../../../src/main/engine/types";
import { isConversation } from "../../../src/shared/values";
import { edge, lastUser, memStore, node, outputsOf, run, testProvider, twoPromptDoc } from "./helpers";

describe("engine: a simple cascade", () => {
  it("runs nodes in dependency order and stores every result", async () => {
    const store = memStore();
    const p = testProvider();
    const { summary, runId, events } = await run(store, twoPromptDoc(3), p);
    expect(summary.status).toBe("done");
    expect(summary.totals).toMatchObject({ items: 3, itemsDone: 3, itemsFailed: 0, calls: 6, cacheHits: 0, errors: 0, inputTokens: 60, outputTokens: 18 });
    const second = outputsOf(store, runId, "second");
    expect(second.map((r) => r.output?.text)).toEqual([1, 2, 3].map((i) => `reply to: check: reply to: Q: question ${i}`));
    expect(second.map((r) => r.itemId)).toEqual(["q1", "q2", "q3"]);
    // Every item's first call happened before its second.
    for (let i = 1; i <= 3; i++) {
      const a = p.calls.findIndex((c) => lastUser(c) === `Q: question ${i}`);
      const b = p.calls.findIndex((c) => lastUser(c).startsWith(`check: reply to: Q: question ${i}`));
      expect(a).toBeGreaterThanOrEqual(0);
      expect(b).toBeGreaterThan(a);
    }
    const types = new Set(events.map((e) => e.type));
    for (const t of ["run-started", "node-queued", "item-started", "item-token", "item-done", "node-done", "progress", "run-finished"]) expect(types).toContain(t);
    expect(events[0].type).toBe("run-started");
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "done" });
    const detail = store.runs.get(runId);
    expect(detail.nodes.first).toMatchObject({ done: 3, calls: 3, cacheHits: 0 });
    expect(detail.datasetFingerprint).toMatch(/^[0-9a-f]{64}$/);
    store.close();
  });

  it("streams tokens as item-token events", async () => {
    const store = memStore();
    const p = testProvider({ reply: () => "abcdefgh", pieces: 4 });
    const { events } = await run(store, twoPromptDoc(1), p);
    const tokens = events.filter((e) => e.type === "item-token" && e.nodeId === "first").map((e) => (e as { text: string }).text);
    expect(tokens).toEqual(["ab", "cd", "ef", "gh"]);
    store.close();
  });

  it("continues a conversation: system, the upstream chat, then the new user turn", async () => {
    const store = memStore();
    const p = testProvider({ reply: (req) => `turn ${req.messages.length}` });
    const doc = twoPromptDoc(1);
    doc.nodes[1].config.system = "be careful";
    doc.nodes[2] = node("second", "prompt", { model: "m", template: "Check your answer.", continueConversation: true });
    doc.edges[1] = edge("first", "conversation", "second", "conversation");
    const { runId } = await run(store, doc, p);
    expect(p.calls[1].messages.map((m) => [m.role, m.content])).toEqual([
      ["system", "be careful"],
      ["user", "Q: question 1"],
      ["assistant", "turn 2"],
      ["user", "Check your answer."],
    ]);
    const conv = outputsOf(store, runId, "second")[0].output?.conversation;
    expect(isConversation(conv) && conv.messages.length).toBe(5);
    store.close();
  });

  it("throws on an invalid pipeline, listing the problems with their paths", () => {
    const store = memStore();
    const doc = twoPromptDoc(1, "{{prev}} {{missing}}");
    let error: unknown;
    try {
      startRun({ doc, baseDir: ".", store, providerFactory: testProvider().factory });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PipelineInvalidError);
    expect((error as Error).message).toMatch(/nodes\[2\]\.config.*missing/);
    expect(store.runs.list()).toHaveLength(0);
    store.close();
  });

  it("computes accuracy with a Wilson interval on score nodes", async () => {
    const store = memStore();
    const p = testProvider({ reply: (req) => (lastUser(req).endsWith("1") || lastUser(req).endsWith("2") ? "The answer is 1" : "It is 99") });
    const doc = twoPromptDoc(4);
    doc.nodes.splice(2, 1, node("num", "extract", { method: "number" }), node("score", "score", { method: "numeric" }));
    doc.edges.splice(1, 1, edge("first", "text", "num", "text"), edge("num", "value", "score", "prediction"), edge("data", "answer", "score", "truth"));
    const { summary, events } = await run(store, doc, p);
    // Items 1 and 2 reply "1": item 1 is right (answer 1), item 2 wrong; items 3, 4 reply 99: wrong.
    expect(summary.metrics.score[0]).toMatchObject({ name: "accuracy", value: 0.25, n: 4 });
    expect(summary.metrics.score[0].low).toBeCloseTo(0.0456, 3);
    expect(summary.metrics.score[0].high).toBeCloseTo(0.6994, 3);
    const done = events.find((e) => e.type === "node-done" && e.nodeId === "score");
    expect(done && done.type === "node-done" && done.metrics[0].value).toBe(0.25);
    store.close();
  });

  it("toNode runs only that node and its ancestors", async () => {
    const store = memStore();
    const p = testProvider();
    const { runId } = await run(store, twoPromptDoc(2), p, { toNode: "first" });
    expect(p.calls).toHaveLength(2);
    expect(outputsOf(store, runId, "second")).toHaveLength(0);
    store.close();
  });

  it("counts tokens and cost from the model's price; progress events carry totals and an ETA", async () => {
    const store = memStore();
    const doc = twoPromptDoc(4);
    doc.models.m.price = { inputPerMillion: 2, outputPerMillion: 10 };
    const { summary, events, runId } = await run(store, doc, testProvider({ latencyMs: 5 }), { progressIntervalMs: 0 });
    // 8 calls × (10 input, 3 output tokens)
    expect(summary.totals.inputTokens).toBe(80);
    expect(summary.totals.outputTokens).toBe(24);
    expect(summary.totals.costUsd).toBeCloseTo((80 * 2 + 24 * 10) / 1e6, 12);
    expect(store.runs.get(runId).nodes.first.costUsd).toBeCloseTo((40 * 2 + 12 * 10) / 1e6, 12);
    const progress = events.filter((e) => e.type === "progress");
    expect(progress.length).toBeGreaterThan(1);
    const mid = progress.find((e) => e.type === "progress" && e.totals.itemsDone > 0 && e.totals.itemsDone < 4);
    expect(mid && mid.type === "progress" && mid.etaMs).toBeGreaterThanOrEqual(0);
    const last = progress.at(-1)!;
    expect(last.type === "progress" && last.totals.itemsDone).toBe(4);
    store.close();
  });
});
