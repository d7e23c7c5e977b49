/** Human review: decisions applied per (node content, item, inputs), stored in SQLite, and used by a run. */
import { afterEach, describe, expect, it } from "vitest";
import { applyReview, reviewInputs, type ReviewDecision } from "../../../src/shared/ddf/review";
import { type ReviewConfig } from "../../../src/shared/nodes/kinds/review";
import { ReviewsRepo, reviewInputsHash, reviewNodeKey } from "../../../src/main/store/reviewsRepo";
import { openStore, type Store } from "../../../src/main/store/store";
import { startRun } from "../../../src/main/engine/startRun";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { databaseOf } from "../../../src/main/store/database";

const config: ReviewConfig = { instructions: "Check the answer.", inputs: ["question", "answer"], editable: ["answer"] };
const inputs = { question: "2+3?", answer: "6" };
const hash = "h1";
const decided = (d: Partial<ReviewDecision>): ReviewDecision => ({ decision: "accept", inputsHash: hash, decidedAt: 1, ...d });

describe("applyReview", () => {
  it("accept passes the inputs through", () => {
    expect(applyReview("r", config, inputs, hash, decided({}))).toEqual({ status: "accepted", output: inputs });
  });
  it("edit replaces editable inputs only", () => {
    expect(applyReview("r", config, inputs, hash, decided({ decision: "edit", edited: { answer: "5" } }))).toEqual({ status: "accepted", output: { question: "2+3?", answer: "5" } });
    expect(applyReview("r", config, inputs, hash, decided({ decision: "edit", edited: { question: "x" } }))).toMatchObject({ status: "pending", reason: expect.stringContaining('edits "question", which is not editable') });
  });
  it("reject drops with the note", () => {
    expect(applyReview("r", config, inputs, hash, decided({ decision: "reject", note: "wrong sum" }))).toEqual({ status: "rejected", rejection: { note: "wrong sum" } });
    expect(applyReview("r", config, inputs, hash, decided({ decision: "reject" }))).toEqual({ status: "rejected", rejection: {} });
  });
  it("no decision, or one made on other inputs, is pending", () => {
    expect(applyReview("r", config, inputs, hash, undefined)).toEqual({ status: "pending", reason: "review r: waiting for a reviewer's decision" });
    expect(applyReview("r", config, inputs, "other", decided({}))).toMatchObject({ status: "pending", reason: expect.stringContaining("inputs changed") });
  });
});

let store: Store | undefined;
afterEach(() => store?.close());

describe("ReviewsRepo", () => {
  it("stores, replaces and deletes decisions per node content and item", () => {
    store = openStore(":memory:");
    const repo = new ReviewsRepo(databaseOf(store));
    const key = reviewNodeKey(config);
    expect(key).toBe(reviewNodeKey({ ...config }));
    expect(key).not.toBe(reviewNodeKey({ ...config, instructions: "other" }));
    repo.put(key, "i1", decided({ decision: "edit", edited: { answer: "5" }, note: "fixed" }));
    expect(repo.get(key, "i1")).toEqual({ decision: "edit", edited: { answer: "5" }, note: "fixed", inputsHash: hash, decidedAt: 1 });
    repo.put(key, "i1", decided({ decision: "reject" }));
    expect(repo.get(key, "i1")).toEqual({ decision: "reject", inputsHash: hash, decidedAt: 1 });
    expect([...repo.forNode(key).keys()]).toEqual(["i1"]);
    repo.delete(key, "i1");
    expect(repo.get(key, "i1")).toBeUndefined();
    expect(() => repo.put(key, "i2", decided({ decision: "edit" }))).toThrow(/an edit needs the edited values/);
    expect(new ReviewsRepo(databaseOf(store)).get(key, "i1")).toBeUndefined();
  });
});

describe("review in a run", () => {
  it("accepts, edits, rejects, and leaves undecided items waiting", async () => {
    store = openStore(":memory:");
    const repo = store.reviews;
    const rows = [
      { id: "a", question: "1+1?", answer: "2" },
      { id: "b", question: "2+3?", answer: "6" },
      { id: "c", question: "2+2?", answer: "5" },
      { id: "d", question: "3+3?", answer: "6" },
    ];
    const key = reviewNodeKey(config);
    const seen = (r: (typeof rows)[number]) => reviewInputsHash(reviewInputs(config, { question: r.question, answer: r.answer }));
    repo.put(key, "a", { decision: "accept", inputsHash: seen(rows[0]), decidedAt: 1 });
    repo.put(key, "b", { decision: "edit", edited: { answer: "5" }, inputsHash: seen(rows[1]), decidedAt: 1 });
    repo.put(key, "c", { decision: "reject", note: "wrong", inputsHash: seen(rows[2]), decidedAt: 1 });
    const doc: PipelineDoc = {
      format: "cascade-studio/pipeline",
      version: 1,
      name: "review",
      models: {},
      nodes: [
        { id: "data", kind: "dataset", position: { x: 0, y: 0 }, config: { source: { type: "inline", rows }, columns: [{ name: "question", type: "text" }, { name: "answer", type: "text" }], idColumn: "id" } },
        { id: "check", kind: "review", position: { x: 300, y: 0 }, config },
      ],
      edges: [
        { id: "e1", source: "data", sourcePort: "question", target: "check", targetPort: "question" },
        { id: "e2", source: "data", sourcePort: "answer", target: "check", targetPort: "answer" },
      ],
    };
    const handle = startRun({ doc, baseDir: process.cwd(), store });
    await handle.done;
    const byItem = new Map(store.runs.results({ runId: handle.runId, nodeId: "check", limit: 10 }).rows.map((r) => [r.itemId, r]));
    expect(byItem.get("a")).toMatchObject({ status: "done", output: { question: "1+1?", answer: "2" } });
    expect(byItem.get("b")).toMatchObject({ status: "done", output: { question: "2+3?", answer: "5" } });
    expect(byItem.get("c")).toMatchObject({ status: "dropped", error: "rejected by reviewer: wrong" });
    expect(byItem.get("d")).toMatchObject({ status: "pending", output: null, error: "review check: waiting for a reviewer's decision" });
    const run = store.runs.get(handle.runId);
    expect(run.status).toBe("done");
    expect(run.nodes.check).toMatchObject({ done: 2, dropped: 1, pending: 1, failed: 0 });
    expect(run.totals).toMatchObject({ errors: 0, itemsPending: 1, itemsFailed: 0 });
  });
});
