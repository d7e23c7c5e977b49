/** Repeats (settings.repeats): k runs grouped under repeat 0, independent cache keys, mean ± sd stored. */
import { afterEach, describe, expect, it } from "vitest";
import { meanSd, repeatMetrics } from "../../../src/shared/repeats";
import type { Store } from "../../../src/main/store/store";
import { edge, memStore, node, run, testProvider, twoPromptDoc } from "./helpers";

let store: Store | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

describe("mean ± sd over repeats", () => {
  it("uses the sample standard deviation (k − 1)", () => {
    expect(meanSd([0.5, 0.7, 0.9]).mean).toBeCloseTo(0.7, 12);
    expect(meanSd([0.5, 0.7, 0.9]).sd).toBeCloseTo(0.2, 12);
    expect(meanSd([0.4])).toEqual({ mean: 0.4, sd: 0 });
    expect(Number.isNaN(meanSd([]).mean)).toBe(true);
    const m = repeatMetrics([{ metrics: { s: [{ name: "accuracy", value: 1, n: 2 }] } }, { metrics: { s: [{ name: "accuracy", value: 0, n: 2 }] } }, { metrics: {} }]);
    expect(m.s[0]).toMatchObject({ name: "accuracy", k: 2, values: [1, 0], mean: 0.5 });
    expect(m.s[0].sd).toBeCloseTo(Math.SQRT1_2, 12);
  });
});

describe("settings.repeats", () => {
  it("runs the pipeline k times, each repeat with its own cache keys, and stores the group's stats", async () => {
    store = memStore();
    const doc = twoPromptDoc(2);
    doc.settings = { repeats: 3 };
    doc.nodes = doc.nodes.filter((x) => x.id !== "second");
    doc.edges = doc.edges.filter((x) => x.target !== "second");
    doc.nodes.push(node("score", "score", { method: "exact" }));
    doc.edges.push(edge("first", "text", "score", "prediction"), edge("data", "answer", "score", "truth"));
    let n = 0;
    const provider = testProvider({ reply: () => (n++ % 3 === 0 ? "1" : "2") });
    const { summary, runId } = await run(store, doc, provider);
    expect(provider.calls).toHaveLength(3 * 2);
    expect(summary.id).toBe(runId);
    const stats = summary.repeat!.stats!;
    expect(stats.runIds).toHaveLength(3);
    const keys = stats.runIds.map((id) => store!.runs.getResult(id, "first", "q1")!.cacheKey);
    expect(new Set(keys).size).toBe(3);
    expect(stats.metrics.score[0].k).toBe(3);
    expect(stats.metrics.score[0].values).toEqual(stats.runIds.map((id) => store!.runs.summary(id).metrics.score[0].value));

    // A second run of the same document reads every repeat from the cache.
    const again = await run(store, doc, provider);
    expect(provider.calls).toHaveLength(6);
    expect(again.summary.repeat!.stats!.metrics.score[0].values).toEqual(stats.metrics.score[0].values);
    // repeats: 1 given as an option overrides the setting: one plain run, on repeat 0's keys.
    const single = await run(store, doc, provider, { repeats: 1 });
    expect(single.summary.repeat).toBeUndefined();
    expect(store.runs.getResult(single.runId, "first", "q1")!.cacheKey).toBe(keys[0]);
  });

  it("stops the group when a repeat is cancelled; the stats cover only the repeats that ran to the end", async () => {
    store = memStore();
    const doc = twoPromptDoc(2);
    doc.settings = { repeats: 3 };
    const controller = new AbortController();
    const provider = testProvider({ latencyMs: 5 });
    const started: string[] = [];
    const { summary } = await run(store, doc, provider, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === "run-started") started.push(e.runId);
        if (e.type === "run-started" && started.length === 2) controller.abort();
      },
    });
    expect(summary.repeat!.stats!.runIds).toHaveLength(2);
    expect(store.runs.summary(summary.repeat!.stats!.runIds[1]).status).toBe("cancelled");
    expect(store.runs.list()).toHaveLength(2);
  });
});
