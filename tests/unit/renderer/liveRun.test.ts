import { describe, expect, it } from "vitest";
import { emptyCounts, type RunEvent } from "../../../src/shared/events";
import type { ItemActivity } from "../../../src/shared/runBatch";
import { applyBatchEvent, applyRunEvent, focusItem, newLiveRun, nodeProgress, runProgress, type LiveRun } from "../../../src/renderer/src/run/liveRun";

const R = "run-1";
const fold = (events: RunEvent[], start: LiveRun = newLiveRun(R)) => events.reduce(applyRunEvent, start);
const totals = { items: 10, itemsDone: 4, itemsFailed: 1, calls: 7, cacheHits: 2, inputTokens: 100, outputTokens: 20, costUsd: 0, errors: 1 };

describe("applyRunEvent", () => {
  it("keeps the score node's accuracy from node-done and run-finished (the run bar and score node show it)", () => {
    const acc = { name: "accuracy", value: 0.75, n: 8, low: 0.41, high: 0.93 };
    const s = fold([{ type: "node-done", runId: R, nodeId: "score", counts: emptyCounts(), metrics: [acc] }, { type: "node-done", runId: R, nodeId: "ask", counts: emptyCounts(), metrics: [] }]);
    expect(s.metrics).toEqual({ score: [acc] });
    const done = applyRunEvent(s, { type: "run-finished", runId: R, status: "done", totals, metrics: { score: [{ ...acc, value: 0.8 }] }, at: 9 });
    expect(done.metrics).toEqual({ score: [{ ...acc, value: 0.8 }] });
  });

  it("ignores other runs' events and returns the same object when nothing changed", () => {
    const s = newLiveRun(R);
    expect(applyRunEvent(s, { type: "item-started", runId: "other", nodeId: "a", itemId: "x" })).toBe(s);
    expect(applyRunEvent(s, { type: "call-retry", runId: R, nodeId: "a", itemId: "x", attempt: 1, delayMs: 5, reason: "429" })).toBe(s);
  });

  it("keeps totals, per-node counts, ETA and expected sizes; finishing clears the ETA", () => {
    const nodes = { a: { ...emptyCounts(), done: 3 } };
    const s = fold([
      { type: "run-started", runId: R, pipelineName: "P", items: 10, at: 5 },
      { type: "node-queued", runId: R, nodeId: "a", items: 8 },
      { type: "progress", runId: R, totals, nodes, etaMs: 1200 },
    ]);
    expect(s).toMatchObject({ pipelineName: "P", items: 10, startedAt: 5, etaMs: 1200, nodeItems: { a: 8 }, totals, nodes });
    expect(runProgress(s)).toBeCloseTo(0.4);
    expect(nodeProgress(s.nodes.a, s.nodeItems.a, s.items)).toBeCloseTo(3 / 8);
    const done = applyRunEvent(s, { type: "run-finished", runId: R, status: "cancelled", totals, metrics: {}, at: 9, error: "stopped" });
    expect(done).toMatchObject({ status: "cancelled", etaMs: null, finishedAt: 9, error: "stopped" });
    expect(runProgress(done)).toBe(1);
    // A run whose process died shows how far its results got, not a full bar.
    expect(runProgress({ status: "interrupted", items: null, totals })).toBeCloseTo(0.4);
  });

  it("streams the focused item's tokens (sample 0), replacing the text when another node streams", () => {
    const s = fold([
      { type: "item-started", runId: R, nodeId: "reason", itemId: "i1" },
      { type: "item-started", runId: R, nodeId: "reason", itemId: "i2" },
      { type: "item-token", runId: R, nodeId: "reason", itemId: "i1", sample: 0, text: "Hel" },
      { type: "item-token", runId: R, nodeId: "reason", itemId: "i2", sample: 0, text: "other" },
      { type: "item-token", runId: R, nodeId: "reason", itemId: "i1", sample: 1, text: "sample 1" },
      { type: "item-token", runId: R, nodeId: "reason", itemId: "i1", sample: 0, text: "lo" },
    ]);
    expect(s.focusItem).toBe("i1");
    expect(s.stream).toEqual({ itemId: "i1", nodeId: "reason", text: "Hello" });
    expect(s.recentItems).toEqual(["i1", "i2"]);
    const next = applyRunEvent(s, { type: "item-token", runId: R, nodeId: "selfeval", itemId: "i1", sample: 0, text: "Check" });
    expect(next.stream).toEqual({ itemId: "i1", nodeId: "selfeval", text: "Check" });
  });

  it("moves an automatic focus on once its item is idle, but never a focus the user chose", () => {
    const base = fold([
      { type: "item-started", runId: R, nodeId: "reason", itemId: "i1" },
      { type: "item-done", runId: R, nodeId: "reason", itemId: "i1", output: {}, latencyMs: 1, cached: false },
    ]);
    expect(base.focusIdle).toBe(true);
    const moved = applyRunEvent(base, { type: "item-token", runId: R, nodeId: "reason", itemId: "i2", sample: 0, text: "x" });
    expect(moved.focusItem).toBe("i2");
    expect(moved.stream?.text).toBe("x");
    const chosen = focusItem(base, "i1");
    expect(applyRunEvent(chosen, { type: "item-token", runId: R, nodeId: "reason", itemId: "i2", sample: 0, text: "x" })).toBe(chosen);
  });
});

describe("nodeProgress", () => {
  it("is null without counts or a known size, and counts every terminal state", () => {
    expect(nodeProgress(undefined, 5, 5)).toBeNull();
    expect(nodeProgress(emptyCounts(), undefined, null)).toBeNull();
    const c = { ...emptyCounts(), done: 1, cached: 1, failed: 1, skipped: 1, dropped: 1, running: 3 };
    expect(nodeProgress(c, 10, null)).toBeCloseTo(0.5);
    expect(nodeProgress(c, undefined, 4)).toBe(1);
  });
});

describe("applyBatchEvent (an interval's item activity, shared/runBatch.ts)", () => {
  const items = (started: string[], streams: ItemActivity["streams"] = []): ItemActivity => ({ type: "items", runId: R, started, streams });

  it("adds started items to the focus choices (bounded, most recent last) and focuses the first one", () => {
    let s = applyBatchEvent(newLiveRun(R), items(["a", "b"]));
    expect(s.focusItem).toBe("a");
    s = applyBatchEvent(s, items(Array.from({ length: 60 }, (_, i) => `x${i}`).concat("a")));
    expect(s.recentItems).toHaveLength(50);
    expect(s.recentItems.at(-1)).toBe("a");
    expect(s.recentItems.filter((id) => id === "a")).toHaveLength(1);
  });

  it("streams the focused item's text across batches, and a new node of it replaces the text", () => {
    let s = applyBatchEvent(newLiveRun(R), items(["a"], [{ nodeId: "n", itemId: "a", text: "Hel" }, { nodeId: "n", itemId: "b", text: "zz" }]));
    s = applyBatchEvent(s, items([], [{ nodeId: "n", itemId: "a", text: "lo" }]));
    expect(s.stream).toEqual({ itemId: "a", nodeId: "n", text: "Hello" });
    s = applyBatchEvent(s, items([], [{ nodeId: "m", itemId: "a", text: "next" }]));
    expect(s.stream).toEqual({ itemId: "a", nodeId: "m", text: "next" });
  });

  it("moves an automatic focus to the item streaming now once its own item is quiet, but never a chosen one", () => {
    let s = applyBatchEvent(newLiveRun(R), items(["a"], [{ nodeId: "n", itemId: "a", text: "1" }]));
    s = applyBatchEvent(s, items(["b"], [{ nodeId: "n", itemId: "b", text: "2" }]));
    expect(s.focusItem).toBe("b");
    expect(s.stream).toEqual({ itemId: "b", nodeId: "n", text: "2" });
    const chosen = focusItem(s, "a");
    const after = applyBatchEvent(chosen, items(["c"], [{ nodeId: "n", itemId: "c", text: "3" }]));
    expect(after.focusItem).toBe("a");
    expect(after.stream).toBeNull();
  });

  it("applies ordered events as they were emitted (a batch's run-finished ends the run)", () => {
    const s = [
      { type: "progress", runId: R, totals, nodes: { a: emptyCounts() }, etaMs: 5 },
      { type: "run-finished", runId: R, status: "done", totals, metrics: {}, at: 9 },
    ].reduce((st, e) => applyBatchEvent(st, e as Parameters<typeof applyBatchEvent>[1]), newLiveRun(R));
    expect(s.status).toBe("done");
    expect(s.etaMs).toBeNull();
  });
});
