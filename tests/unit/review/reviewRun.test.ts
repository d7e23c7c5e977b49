/**
 * Human review through the engine: items wait (pending) without errors and nothing downstream runs for them;
 * decisions recorded on the run's queue are used by the next run (accepted pass, edits replace outputs,
 * rejected ones are dropped with the reviewer's note); changed inputs make an item wait again; reports count
 * in/out/dropped (grouped reasons)/pending per filter and review node.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { startRun } from "../../../src/main/engine/startRun";
import { decideReview, reviewQueue } from "../../../src/main/review/queue";
import { reasonKey, runReports } from "../../../src/main/review/reports";
import { closeSharedSandboxPool } from "../../../src/main/sandbox/runCode";
import { openStore, type Store } from "../../../src/main/store/store";
import type { RunEvent } from "../../../src/shared/events";
import { ROWS, reviewDoc } from "./reviewDoc";

let store: Store;
let dir: string;
beforeEach(() => {
  store = openStore(":memory:");
  dir = mkdtempSync(join(tmpdir(), "cascade-review-"));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});
afterAll(() => closeSharedSandboxPool());

async function run(doc = reviewDoc()) {
  const events: RunEvent[] = [];
  const handle = startRun({ doc, baseDir: dir, store, onEvent: (e) => events.push(e) });
  const summary = await handle.done;
  return { runId: handle.runId, summary, events };
}

const statuses = (runId: string, nodeId: string) =>
  Object.fromEntries(store.runs.results({ runId, nodeId, limit: 100 }).rows.map((r) => [r.itemId, r.status]));

describe("review in runs", () => {
  it("keeps undecided items pending, runs nothing after them, and finishes the run", async () => {
    const r = await run();
    expect(r.summary.status).toBe("done");
    expect(statuses(r.runId, "check")).toEqual({ a: "pending", b: "pending", c: "pending", d: "pending" });
    expect(store.runs.results({ runId: r.runId, nodeId: "chat", limit: 100 }).total).toBe(0);
    expect(r.events.filter((e) => e.type === "item-pending").map((e) => (e as { itemId: string }).itemId).sort()).toEqual(["a", "b", "c", "d"]);
    expect(r.events.some((e) => e.type === "item-failed")).toBe(false);
    const done = r.events.find((e) => e.type === "node-done" && e.nodeId === "check") as Extract<RunEvent, { type: "node-done" }>;
    expect(done.counts).toMatchObject({ pending: 4, failed: 0, done: 0 });
    expect(r.summary.totals).toMatchObject({ itemsPending: 4, errors: 0 });
    // The export still runs, over no accepted items.
    expect(readFileSync(join(dir, "out/train.jsonl"), "utf8")).toBe("");
    const queue = reviewQueue(store, r.runId, "check");
    expect(queue).toMatchObject({ waiting: 4, total: 4, inputs: ["question", "answer"], editable: ["answer"], imageInputs: [] });
    expect(queue.items[1]).toEqual({ itemId: "b", state: "waiting", inputs: { question: "2+3?", answer: "6" }, runStatus: "pending" });
  });

  it("decide → re-run: accepted pass, edits replace outputs, rejected are dropped with the note, the rest still wait", async () => {
    const r1 = await run();
    decideReview(store, { runId: r1.runId, nodeId: "check", itemId: "a", decision: "accept" });
    expect(decideReview(store, { runId: r1.runId, nodeId: "check", itemId: "b", decision: "edit", edits: { answer: "5" }, note: " fixed the sum " })).toMatchObject({
      state: "edited",
      decision: { decision: "edit", edits: { answer: "5" }, note: "fixed the sum" },
    });
    decideReview(store, { runId: r1.runId, nodeId: "check", itemId: "c", decision: "reject", note: "wrong sum" });
    expect(reviewQueue(store, r1.runId, "check").waiting).toBe(1);

    const r2 = await run();
    expect(statuses(r2.runId, "check")).toEqual({ a: "done", b: "done", c: "dropped", d: "pending" });
    expect(store.runs.getResult(r2.runId, "check", "b")!.output).toEqual({ question: "2+3?", answer: "5" });
    expect(store.runs.getResult(r2.runId, "check", "c")!.error).toBe("rejected by reviewer: wrong sum");
    expect(statuses(r2.runId, "chat")).toEqual({ a: "done", b: "done" });
    expect(store.runs.getResult(r2.runId, "chat", "b")!.output).toMatchObject({ answer: "5" });
    const lines = readFileSync(join(dir, "out/train.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.messages[1].content)).toEqual(["2", "5"]);
    expect(r2.summary.totals).toMatchObject({ itemsPending: 1, errors: 0 });
    const q2 = reviewQueue(store, r2.runId, "check");
    expect(q2.items.map((i) => [i.itemId, i.state, i.runStatus])).toEqual([
      ["a", "accepted", "done"],
      ["b", "edited", "done"],
      ["c", "rejected", "dropped"],
      ["d", "waiting", "pending"],
    ]);
    // The queue shows what the reviewer saw (the original inputs), not the edited outputs.
    expect(q2.items[1].inputs).toEqual({ question: "2+3?", answer: "6" });
  });

  it("pages the queue: the order covers every item, the items of the page carry their inputs", async () => {
    const r = await run();
    decideReview(store, { runId: r.runId, nodeId: "check", itemId: "a", decision: "accept" });
    const page = reviewQueue(store, r.runId, "check", { offset: 1, limit: 2 });
    expect(page).toMatchObject({ offset: 1, total: 4, waiting: 3 });
    expect(page.order).toEqual([
      { itemId: "a", state: "accepted" },
      { itemId: "b", state: "waiting" },
      { itemId: "c", state: "waiting" },
      { itemId: "d", state: "waiting" },
    ]);
    expect(page.items.map((i) => i.itemId)).toEqual(["b", "c"]);
    expect(reviewQueue(store, r.runId, "check", { offset: 10 }).items).toEqual([]);
  });

  it("a decision made on other inputs no longer applies: the item waits again", async () => {
    const r1 = await run();
    decideReview(store, { runId: r1.runId, nodeId: "check", itemId: "a", decision: "accept" });
    const changed = ROWS.map((row) => (row.id === "a" ? { ...row, answer: "3" } : row));
    const r2 = await run(reviewDoc(changed));
    expect(store.runs.getResult(r2.runId, "check", "a")).toMatchObject({ status: "pending", error: expect.stringContaining("the inputs changed since the last decision (accept)") });
    expect(reviewQueue(store, r2.runId, "check").items[0]).toMatchObject({ itemId: "a", state: "waiting", staleDecision: true, decision: { decision: "accept" } });
  });

  it("refuses decisions that cannot apply, naming the item and the field", async () => {
    const r = await run();
    const d = (x: object) => () => decideReview(store, { runId: r.runId, nodeId: "check", itemId: "a", decision: "accept", ...x });
    expect(d({ decision: "edit", edits: { question: "x" } })).toThrow('review check, item "a": "question" is not editable (editable: answer)');
    expect(d({ decision: "edit" })).toThrow(/an edit needs edited values/);
    expect(d({ edits: { answer: "1" } })).toThrow(/edits are only kept with the decision "edit"/);
    expect(d({ itemId: "zz" })).toThrow(`review check, item "zz": the item did not reach this review node in run ${r.runId}`);
    expect(d({ nodeId: "short" })).toThrow(/node "short" is a filter node, not a review node/);
    expect(d({ nodeId: "nope" })).toThrow(/no node "nope"/);
    expect(reviewQueue(store, r.runId, "check").items[0]).toMatchObject({ itemId: "a", state: "waiting" });
    expect(reviewQueue(store, r.runId, "check").items[0].decision).toBeUndefined();
  });

  it("reports in/out/dropped (reasons grouped)/pending per filter and review node", async () => {
    const r1 = await run();
    for (const itemId of ["a", "b", "d"]) decideReview(store, { runId: r1.runId, nodeId: "check", itemId, decision: "accept" });
    decideReview(store, { runId: r1.runId, nodeId: "check", itemId: "c", decision: "reject", note: "wrong sum" });
    const r2 = await run();
    const [check, short] = runReports(store, r2.runId);
    expect(check).toEqual({
      nodeId: "check",
      kind: "review",
      in: 4,
      out: 3,
      dropped: 1,
      pending: 0,
      failed: 0,
      skipped: 0,
      dropReasons: [{ reason: "rejected by reviewer: wrong sum", count: 1, items: ["c"] }],
      failures: [],
    });
    // a ("2") fails the condition; b and d ("6") pass.
    expect(short).toMatchObject({ nodeId: "short", kind: "filter", in: 3, out: 2, dropped: 1, pending: 0 });
    // Grouped by the failing clause of the && chain, with the value it read.
    expect(short.dropReasons).toEqual([{ reason: 'answer != "2"', count: 1, items: ["a"], values: [{ answer: "2" }] }]);
    const first = runReports(store, r1.runId);
    expect(first[0]).toMatchObject({ in: 4, out: 0, pending: 4 });
    expect(first[1]).toMatchObject({ in: 0, out: 0 });
  });

  it("groups filter reasons without the item's values", () => {
    expect(reasonKey("f", "filter", 'filter f: score >= 4 was false (score=2, label="x (y)")')).toBe("score >= 4 was false");
    expect(reasonKey("j", "judge", "judge j: no score in the reply")).toBe("no score in the reply");
    expect(reasonKey("r", "review", "rejected by reviewer")).toBe("rejected by reviewer");
  });
});
