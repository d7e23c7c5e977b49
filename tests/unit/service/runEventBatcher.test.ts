import { describe, expect, it } from "vitest";
import { emptyCounts, type RunEvent, type RunTotals } from "../../../src/shared/events";
import type { RunBatch } from "../../../src/shared/runBatch";
import { RunEventBatcher, type BatcherTimer } from "../../../src/main/service/runEventBatcher";

/** A timer the test fires by hand. */
function manualTimer() {
  let due: (() => void) | null = null;
  let sets = 0;
  const timer: BatcherTimer = {
    set: (fn) => {
      sets++;
      due = fn;
      return fn;
    },
    clear: (h) => {
      if (due === h) due = null;
    },
  };
  return { timer, fire: () => (due ? (due(), (due = null), true) : false), pending: () => due !== null, sets: () => sets };
}

const totals = (itemsDone: number): RunTotals => ({ items: 100, itemsDone, itemsFailed: 0, calls: itemsDone, cacheHits: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, errors: 0 });
const progress = (runId: string, done: number): RunEvent => ({ type: "progress", runId, totals: totals(done), nodes: { n: { ...emptyCounts(), done } }, etaMs: 1 });
const started = (itemId: string, runId = "r"): RunEvent => ({ type: "item-started", runId, nodeId: "n", itemId });
const doneItem = (itemId: string): RunEvent => ({ type: "item-done", runId: "r", nodeId: "n", itemId, output: { text: "x".repeat(1000) }, latencyMs: 1, cached: false });
const token = (itemId: string, text: string, sample = 0, nodeId = "n"): RunEvent => ({ type: "item-token", runId: "r", nodeId, itemId, sample, text });
const failed = (itemId: string): RunEvent => ({ type: "item-failed", runId: "r", nodeId: "n", itemId, error: `boom ${itemId}` });
const finished = (runId = "r"): RunEvent => ({ type: "run-finished", runId, status: "done", totals: totals(100), metrics: {}, at: 1 });

function setup() {
  const sent: RunBatch[] = [];
  const t = manualTimer();
  const batcher = new RunEventBatcher((b) => sent.push(b), 33, t.timer);
  return { sent, t, batcher };
}

describe("RunEventBatcher", () => {
  it("sends one batch per interval: the latest progress and one items entry for thousands of item events", () => {
    const { sent, t, batcher } = setup();
    for (let i = 0; i < 2000; i++) {
      batcher.push(started(`i${i}`));
      batcher.push(token(`i${i}`, "a"));
      batcher.push(token(`i${i}`, "b"));
      batcher.push(doneItem(`i${i}`));
      if (i % 100 === 0) batcher.push(progress("r", i));
    }
    expect(sent).toEqual([]); // nothing before the interval ends
    expect(t.sets()).toBe(1);
    expect(t.fire()).toBe(true);
    expect(sent).toHaveLength(1);
    const [batch] = sent;
    expect(batch.runId).toBe("r");
    expect(batch.events.map((e) => e.type)).toEqual(["items", "progress"]);
    const items = batch.events[0] as Extract<RunBatch["events"][number], { type: "items" }>;
    expect(items.started).toHaveLength(50);
    expect(items.started.at(-1)).toBe("i1999"); // the most recent ones
    expect(items.streams).toHaveLength(50); // bounded; the first 50 streams, each with all its text
    expect(items.streams[0]).toEqual({ nodeId: "n", itemId: "i0", text: "ab" });
    expect(batch.events[1]).toEqual(progress("r", 1900)); // the latest only
    expect(JSON.stringify(batch).length).toBeLessThan(10_000); // no outputs: the inspector pages them
    expect(t.fire()).toBe(false); // and no timer left running
  });

  it("keeps every failed item, in order, and never applies counts after an event they preceded", () => {
    const { sent, t, batcher } = setup();
    batcher.push(progress("r", 1));
    batcher.push(started("a"));
    batcher.push(failed("a"));
    batcher.push(progress("r", 2));
    batcher.push(started("b"));
    batcher.push(progress("r", 3));
    batcher.push(failed("b"));
    batcher.push(failed("c"));
    t.fire();
    expect(sent).toHaveLength(1);
    expect(sent[0].events).toEqual([
      progress("r", 1),
      { type: "items", runId: "r", started: ["a"], streams: [] },
      failed("a"),
      progress("r", 3), // 2 folded into 3: both came after failed(a) and before failed(b)
      { type: "items", runId: "r", started: ["b"], streams: [] },
      failed("b"),
      failed("c"),
    ]);
  });

  it("sends the run's batch as soon as it finishes, with everything before run-finished ahead of it", () => {
    const { sent, t, batcher } = setup();
    batcher.push(progress("r", 99));
    batcher.push(failed("z"));
    batcher.push(progress("r", 100));
    batcher.push(finished());
    expect(sent).toHaveLength(1); // without waiting for the timer
    expect(sent[0].events.map((e) => e.type)).toEqual(["progress", "item-failed", "progress", "run-finished"]);
    expect(sent[0].events.at(-1)).toEqual(finished());
    expect(t.pending()).toBe(false);
    expect(t.fire()).toBe(false);
  });

  it("keeps runs apart and flushes the others' batches on their own timer", () => {
    const { sent, t, batcher } = setup();
    batcher.push(started("a", "r1"));
    batcher.push(started("b", "r2"));
    batcher.push(finished("r1"));
    expect(sent.map((b) => b.runId)).toEqual(["r1"]);
    expect(sent[0].events.map((e) => e.type)).toEqual(["items", "run-finished"]);
    expect(t.pending()).toBe(true); // r2 still waits for its interval
    t.fire();
    expect(sent.map((b) => b.runId)).toEqual(["r1", "r2"]);
    expect(sent[1].events).toEqual([{ type: "items", runId: "r2", started: ["b"], streams: [] }]);
  });

  it("streams only sample 0, joined per node and item, and sends nothing for done items alone", () => {
    const { sent, t, batcher } = setup();
    batcher.push(token("a", "Hel"));
    batcher.push(token("a", "x", 1));
    batcher.push(token("a", "lo"));
    batcher.push(token("a", "other", 0, "m"));
    t.fire();
    expect(sent[0].events).toEqual([{ type: "items", runId: "r", started: [], streams: [{ nodeId: "n", itemId: "a", text: "Hello" }, { nodeId: "m", itemId: "a", text: "other" }] }]);
    batcher.push(doneItem("a"));
    t.fire();
    expect(sent).toHaveLength(1); // a done item alone changes no count the page shows before the next progress
  });

  it("flush() sends what is pending (the service calls it when it closes)", () => {
    const { sent, t, batcher } = setup();
    batcher.push(progress("r", 5));
    batcher.flush();
    expect(sent).toEqual([{ runId: "r", events: [progress("r", 5)] }]);
    expect(t.pending()).toBe(false);
  });
});
