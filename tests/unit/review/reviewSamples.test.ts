/**
 * A review node over several samples per item: on a "map" edge each sample is its own decision (keyed by the
 * hash of the sample's inputs, so re-runs with the same samples reuse it) and the queue lists one entry per
 * sample; on a "whole" edge the reviewer sees all samples as one item.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { asDecision } from "../../../src/main/cli/commands/review";
import { startRun } from "../../../src/main/engine/startRun";
import { decideReview, reviewQueue } from "../../../src/main/review/queue";
import { closeSharedSandboxPool } from "../../../src/main/sandbox/runCode";
import { openStore, type Store } from "../../../src/main/store/store";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";

let store: Store;
let dir: string;
beforeEach(() => {
  store = openStore(":memory:");
  dir = mkdtempSync(join(tmpdir(), "cascade-review-samples-"));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});
afterAll(() => closeSharedSandboxPool());

/** dataset (2 rows) → gen (code: three candidate answers as a Samples value) → check (review) → keep (code). */
function samplesDoc(mode: "map" | "whole", answers = ["a1", "a2", "a3"]): PipelineDoc {
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "reviewed samples",
    models: {},
    nodes: [
      {
        id: "data",
        kind: "dataset",
        position: pos,
        config: { source: { type: "inline", rows: [{ id: "x", question: "q1" }, { id: "y", question: "q2" }] }, columns: [{ name: "question", type: "text" }], idColumn: "id" },
      },
      {
        id: "gen",
        kind: "code",
        position: pos,
        config: { inputs: ["question"], outputs: ["answer"], source: `({ question }) => ({ answer: { kind: "samples", values: ${JSON.stringify(answers)}.map((a) => question + ":" + a) } })` },
      },
      { id: "check", kind: "review", position: pos, config: { instructions: "Good answer?", inputs: ["question", "answer"], editable: ["answer"] } },
      { id: "keep", kind: "code", position: pos, config: { inputs: ["answer"], outputs: ["answer"], source: "({ answer }) => ({ answer })" } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "question", target: "gen", targetPort: "question" },
      { id: "e2", source: "data", sourcePort: "question", target: "check", targetPort: "question" },
      { id: "e3", source: "gen", sourcePort: "answer", target: "check", targetPort: "answer", ...(mode === "whole" ? { samples: "whole" as const } : {}) },
      { id: "e4", source: "check", sourcePort: "answer", target: "keep", targetPort: "answer", samples: "whole" },
    ],
  };
}

async function run(doc: PipelineDoc) {
  const handle = startRun({ doc, baseDir: dir, store });
  const summary = await handle.done;
  expect(summary.status).toBe("done");
  return handle.runId;
}

const status = (runId: string, nodeId: string, itemId: string) => store.runs.getResult(runId, nodeId, itemId)?.status;

describe("review over samples", () => {
  it("map edge: one queue entry per sample; accepting every sample of an item lets it pass on the next run", async () => {
    const r1 = await run(samplesDoc("map"));
    expect(status(r1, "check", "x")).toBe("pending");
    const q = reviewQueue(store, r1, "check");
    expect(q.total).toBe(6);
    expect(q.order.slice(0, 3)).toEqual([
      { itemId: "x", sample: 1, state: "waiting" },
      { itemId: "x", sample: 2, state: "waiting" },
      { itemId: "x", sample: 3, state: "waiting" },
    ]);
    expect(q.items[1]).toEqual({ itemId: "x", sample: 2, samples: 3, state: "waiting", inputs: { question: "q1", answer: "q1:a2" }, runStatus: "pending" });
    for (const sample of [1, 2, 3]) decideReview(store, { runId: r1, nodeId: "check", itemId: "x", sample, decision: "accept" });
    expect(decideReview(store, { runId: r1, nodeId: "check", itemId: "y", sample: 2, decision: "edit", edits: { answer: "better" } })).toMatchObject({ itemId: "y", sample: 2, state: "edited" });
    expect(reviewQueue(store, r1, "check").waiting).toBe(2);

    const r2 = await run(samplesDoc("map"));
    expect(status(r2, "check", "x")).toBe("done");
    expect(store.runs.getResult(r2, "check", "x")!.output).toEqual({
      question: { kind: "samples", values: ["q1", "q1", "q1"] },
      answer: { kind: "samples", values: ["q1:a1", "q1:a2", "q1:a3"] },
    });
    expect(status(r2, "keep", "x")).toBe("done");
    expect(status(r2, "check", "y")).toBe("pending");
    const q2 = reviewQueue(store, r2, "check");
    expect(q2.order.map((o) => `${o.itemId}#${o.sample}:${o.state}`)).toEqual(["x#1:accepted", "x#2:accepted", "x#3:accepted", "y#1:waiting", "y#2:edited", "y#3:waiting"]);

    // The remaining samples of y: its edit replaces sample 2 only.
    decideReview(store, { runId: r2, nodeId: "check", itemId: "y", sample: 1, decision: "accept" });
    decideReview(store, { runId: r2, nodeId: "check", itemId: "y", sample: 3, decision: "accept" });
    const r3 = await run(samplesDoc("map"));
    expect(store.runs.getResult(r3, "check", "y")!.output!.answer).toEqual({ kind: "samples", values: ["q2:a1", "better", "q2:a3"] });
  });

  it("map edge: a decision follows its sample's inputs (a changed sample waits again, the others keep theirs); a rejected sample drops the item", async () => {
    const r1 = await run(samplesDoc("map"));
    for (const sample of [1, 2, 3]) decideReview(store, { runId: r1, nodeId: "check", itemId: "x", sample, decision: "accept" });
    decideReview(store, { runId: r1, nodeId: "check", itemId: "y", sample: 3, decision: "reject", note: "off topic" });
    const r2 = await run(samplesDoc("map", ["a1", "a2", "new"]));
    expect(status(r2, "check", "x")).toBe("pending");
    expect(reviewQueue(store, r2, "check").order.filter((o) => o.itemId === "x").map((o) => o.state)).toEqual(["accepted", "accepted", "waiting"]);
    expect(store.runs.getResult(r2, "check", "y")).toMatchObject({ status: "pending" });
    const r3 = await run(samplesDoc("map"));
    expect(store.runs.getResult(r3, "check", "y")).toMatchObject({ status: "dropped", error: "rejected by reviewer: off topic (sample 3)" });
  });

  it("map edge: decisions name their sample; a sample number out of range or missing is refused", async () => {
    const r1 = await run(samplesDoc("map"));
    const d = (x: object) => () => decideReview(store, { runId: r1, nodeId: "check", itemId: "x", decision: "accept", ...x });
    expect(d({})).toThrow('review check, item "x": the item has 3 samples: name one (sample 1 to 3)');
    expect(d({ sample: 4 })).toThrow('review check, item "x": no sample 4 (the item has 3)');
    expect(d({ sample: 2, decision: "edit", edits: { question: "q" } })).toThrow('review check, item "x", sample 2: "question" is not editable (editable: answer)');
    // `cascade review` decision files name the sample the same way.
    expect(asDecision({ itemId: "x", sample: 2, decision: "accept" })).toEqual({ itemId: "x", sample: 2, decision: "accept" });
    expect(() => asDecision({ itemId: "x", sample: 0, decision: "accept" })).toThrow('"sample" must be a sample number (1, 2, ...)');
  });

  it("whole edge: all samples are one item, decided once", async () => {
    const r1 = await run(samplesDoc("whole"));
    const q = reviewQueue(store, r1, "check");
    expect(q.total).toBe(2);
    expect(q.items[0]).toEqual({ itemId: "x", state: "waiting", inputs: { question: "q1", answer: { kind: "samples", values: ["q1:a1", "q1:a2", "q1:a3"] } }, runStatus: "pending" });
    expect(() => decideReview(store, { runId: r1, nodeId: "check", itemId: "x", sample: 1, decision: "accept" })).toThrow(/has no samples to decide one by one/);
    decideReview(store, { runId: r1, nodeId: "check", itemId: "x", decision: "accept" });
    const r2 = await run(samplesDoc("whole"));
    expect(status(r2, "check", "x")).toBe("done");
    expect(status(r2, "keep", "x")).toBe("done");
    expect(status(r2, "check", "y")).toBe("pending");
  });
});
