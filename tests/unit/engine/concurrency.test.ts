import { describe, expect, it } from "vitest";
import { isSamples } from "../../../src/shared/values";
import { edge, lastUser, memStore, node, outputsOf, run, testProvider, twoPromptDoc } from "./helpers";

describe("engine: concurrency, samples, cancellation", () => {
  it("never has more calls in flight than the concurrency, and does use it", async () => {
    const store = memStore();
    const p = testProvider({ latencyMs: 10 });
    await run(store, twoPromptDoc(30), p, { concurrency: 3 });
    expect(p.calls).toHaveLength(60);
    expect(p.maxInFlight).toBe(3);
    const q = testProvider({ latencyMs: 10 });
    const doc = twoPromptDoc(30);
    doc.models.m.concurrency = 5; // the model's own limit wins over the run default
    await run(store, doc, q, { noCache: true });
    expect(q.maxInFlight).toBe(5);
    store.close();
  });

  it("independent branches of an item run concurrently", async () => {
    const store = memStore();
    const doc = twoPromptDoc(1);
    doc.nodes[2] = node("second", "prompt", { model: "m", template: "other: {{question}}" });
    doc.edges[1] = edge("data", "question", "second", "question");
    const p = testProvider({ latencyMs: 30 });
    await run(store, doc, p);
    expect(p.maxInFlight).toBe(2);
    store.close();
  });

  it("samples: n calls with the sample index; map runs downstream per sample, whole passes the list", async () => {
    const store = memStore();
    let k = 0;
    const p = testProvider({ reply: (req) => (lastUser(req).startsWith("Q:") ? `draft ${k++}` : `seen [${lastUser(req)}]`) });
    const doc = twoPromptDoc(1);
    doc.nodes[1].config.samples = 3;
    doc.nodes.push(node("whole", "prompt", { model: "m", template: "all: {{prev}}" }));
    doc.edges.push(edge("first", "text", "whole", "prev", { samples: "whole" }));
    const { runId } = await run(store, doc, p);
    const first = outputsOf(store, runId, "first")[0].output!;
    expect(isSamples(first.text) && first.text.values).toEqual(["draft 0", "draft 1", "draft 2"]);
    expect(isSamples(first.conversation) && first.conversation.values).toHaveLength(3);
    const mapped = outputsOf(store, runId, "second")[0].output!;
    expect(isSamples(mapped.text) && mapped.text.values).toEqual(["seen [check: draft 0]", "seen [check: draft 1]", "seen [check: draft 2]"]);
    expect(outputsOf(store, runId, "whole")[0].output!.text).toBe("seen [all: draft 0\ndraft 1\ndraft 2]");
    // 3 samples + 3 mapped + 1 whole
    expect(p.calls).toHaveLength(7);
    // Samples differ in the cache key: a re-run hits all 7.
    const again = testProvider();
    await run(store, doc, again);
    expect(again.calls).toHaveLength(0);
    store.close();
  });

  it("a text list maps downstream nodes over its values", async () => {
    const store = memStore();
    const doc = twoPromptDoc(1);
    doc.nodes.push(node("styles", "text", { mode: "list", values: ["short", "long"] }));
    doc.nodes[1].config.template = "{{style}} Q: {{question}}";
    doc.edges.push(edge("styles", "text", "first", "style"));
    const p = testProvider();
    const { runId } = await run(store, doc, p);
    const out = outputsOf(store, runId, "first")[0].output!;
    expect(isSamples(out.text) && out.text.values).toEqual(["reply to: short Q: question 1", "reply to: long Q: question 1"]);
    store.close();
  });

  it("cancellation aborts in-flight calls and finishes the run as cancelled", async () => {
    const store = memStore();
    const p = testProvider({ latencyMs: 50 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 120);
    const started = Date.now();
    const { summary, runId } = await run(store, twoPromptDoc(200), p, { signal: controller.signal, concurrency: 4 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(summary.status).toBe("cancelled");
    expect(store.runs.summary(runId).status).toBe("cancelled");
    expect(summary.totals.itemsDone).toBeLessThan(200);
    // Nothing cancelled is written as an error.
    expect(store.runs.results({ runId, nodeId: "first", status: "failed" }).total).toBe(0);
    // Completed calls are in the cache: a re-run makes only the missing ones.
    const q = testProvider();
    await run(store, twoPromptDoc(200), q, { concurrency: 16 });
    expect(q.calls.length).toBe(400 - summary.totals.calls);
    store.close();
  });
});
