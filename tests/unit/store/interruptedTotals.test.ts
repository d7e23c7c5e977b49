import { afterEach, describe, expect, it } from "vitest";
import { emptyTotals } from "../../../src/main/store/runsRepo";
import { openStore, type Store } from "../../../src/main/store/store";
import type { ResultRecord } from "../../../src/main/store/types";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { docAt, runToEnd, startEnv, type Env } from "../service/inspectHelpers";

const STALE_MS = 30_000;

/** Makes a run look like one whose process died a minute ago (what the heartbeat leaves behind). */
function die(store: Store, runId: string, opts: { wipeTotals?: boolean } = {}): void {
  store.db.prepare("UPDATE runs SET status = 'running', heartbeat_at = ?, finished_at = NULL WHERE id = ?").run(Date.now() - 2 * STALE_MS, runId);
  if (opts.wipeTotals) store.db.prepare("UPDATE runs SET totals = ?, metrics = '{}', node_counts = '{}' WHERE id = ?").run(JSON.stringify(emptyTotals()), runId);
}

/** data -> ask -> (check, score): ask may drop (a filter-like outcome) or wait for review. */
function doc(): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "counted",
    models: { m: { provider: "openai", model: "fake-model", baseUrl: "http://127.0.0.1:9/v1" } },
    nodes: [
      { id: "data", kind: "dataset", position: { x: 0, y: 0 }, config: { source: { type: "inline", rows: [] }, columns: [] } },
      { id: "ask", kind: "prompt", position: { x: 200, y: 0 }, config: { model: "m", template: "{{question}}" } },
      { id: "check", kind: "prompt", position: { x: 400, y: 0 }, config: { model: "m", template: "{{text}}" } },
      { id: "score", kind: "score", position: { x: 400, y: 200 }, config: { method: "exact" } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "question", target: "ask", targetPort: "question" },
      { id: "e2", source: "ask", sourcePort: "text", target: "check", targetPort: "text" },
      { id: "e3", source: "ask", sourcePort: "text", target: "score", targetPort: "prediction" },
    ],
  };
}

let env: Env | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe("an interrupted run's totals, counted from its results", () => {
  it("count items done, failed and pending as the engine would, calls, cache hits, tokens, cost, errors and accuracy", () => {
    const store = openStore(":memory:", { staleRunMs: STALE_MS });
    const runId = store.runs.create({ doc: doc(), datasetFingerprint: "" }).id;
    const put = (nodeId: string, itemId: string, status: ResultRecord["status"], extra: Partial<ResultRecord> = {}) =>
      store.writer.putResult({ runId, nodeId, itemId, seq: Number(itemId.slice(1)), status, output: status === "done" || status === "cached" ? { text: "t" } : null, ...extra });
    const call = (n: number, cached = false): Partial<ResultRecord> => ({ cacheKey: `k${n}`, inputTokens: 10, outputTokens: 2, costUsd: cached ? 0 : 0.01, latencyMs: 5 });
    // i1: done everywhere, ask and check called the model; score 1.
    put("data", "i1", "done");
    put("ask", "i1", "done", call(1));
    put("check", "i1", "done", call(2));
    put("score", "i1", "done", { output: { score: 1 } });
    // i2: ask and check from the cache; score 0.
    put("data", "i2", "done");
    put("ask", "i2", "cached", call(3, true));
    put("check", "i2", "cached", call(4, true));
    put("score", "i2", "cached", { output: { score: 0 } });
    // i3: ask failed; check and score skipped: done, failed.
    put("data", "i3", "done");
    put("ask", "i3", "failed", { error: "boom" });
    put("check", "i3", "skipped", { error: "upstream failed: ask" });
    put("score", "i3", "skipped", { error: "upstream failed: ask" });
    // i4: ask dropped the item: nothing below it is written; done.
    put("data", "i4", "done");
    put("ask", "i4", "dropped", { error: "filtered", ...call(5) });
    // i5: ask waits for a review: done, pending.
    put("data", "i5", "done");
    put("ask", "i5", "pending", { error: "waiting for review" });
    // i6: in flight at check (score done): not done.
    put("data", "i6", "done");
    put("ask", "i6", "done", call(6));
    put("score", "i6", "done", { output: { score: { kind: "samples", values: [1, 1] } } });
    // i7: ask failed, its skips not written yet: not done (the engine had not finished it).
    put("data", "i7", "done");
    put("ask", "i7", "failed", { error: "boom" });
    // i8: only the dataset row: not done. i9: an unreadable row, the nodes below skipped: done, failed.
    put("data", "i8", "done");
    put("data", "i9", "failed", { error: "unreadable row" });
    for (const n of ["ask", "check", "score"]) put(n, "i9", "skipped", { error: "upstream failed: data" });
    store.writer.flush();
    store.db.prepare("UPDATE runs SET heartbeat_at = ? WHERE id = ?").run(Date.now() - 2 * STALE_MS, runId);

    const listed = store.runs.list()[0];
    expect(listed.status).toBe("interrupted");
    expect(listed.totals).toEqual({
      items: 9,
      itemsDone: 6, // i1..i5, i9
      itemsFailed: 2, // i3, i9
      itemsPending: 1, // i5
      errors: 3, // ask i3, ask i7, data i9
      calls: 4, // ask i1, check i1, ask i4 (dropped after its call), ask i6
      cacheHits: 3, // ask i2, check i2, score i2
      inputTokens: 40,
      outputTokens: 8,
      costUsd: expect.closeTo(0.04, 10),
    });
    // Accuracy over the scores written: 1, 0, 1, 1 (samples each count).
    expect(listed.metrics.score).toEqual([expect.objectContaining({ name: "accuracy", value: 0.75, n: 4 })]);
    // Stored, not recounted: the same from a fresh read.
    const row = store.db.prepare("SELECT status, totals FROM runs WHERE id = ?").get(runId) as { status: string; totals: string };
    expect(row.status).toBe("interrupted");
    expect(JSON.parse(row.totals)).toMatchObject({ items: 9, itemsDone: 6 });
    expect(store.runs.get(runId).totals.itemsDone).toBe(6);
    store.close();
  });

  it("an empty interrupted run counts nothing; one killed before a node below the dataset wrote counts no item done", () => {
    const store = openStore(":memory:", { staleRunMs: STALE_MS });
    const empty = store.runs.create({ doc: doc(), datasetFingerprint: "" }).id;
    const some = store.runs.create({ doc: doc(), datasetFingerprint: "" }).id;
    store.writer.putResult({ runId: some, nodeId: "data", itemId: "i1", seq: 1, status: "done", output: { question: "q" } });
    expect(store.runs.markInterrupted()).toBe(2);
    const byId = Object.fromEntries(store.runs.list().map((r) => [r.id, r]));
    expect(byId[empty].totals).toEqual(emptyTotals());
    expect(byId[some].totals).toMatchObject({ items: 1, itemsDone: 0 });
    expect(byId[some].status).toBe("interrupted");
    store.close();
  });

  it("equal what the engine counted for a run that got to its end (cold and warm), and are filled in for runs interrupted before", async () => {
    env = await startEnv();
    const seat = docAt("cas-seat.json", env.fake.url);
    const cold = await runToEnd(env, { doc: seat, limit: 6 });
    const warm = await runToEnd(env, { doc: seat, limit: 6 });
    const store = env.store;
    const finished = Object.fromEntries([cold.runId, warm.runId].map((id) => [id, store.runs.summary(id)]));
    expect(finished[warm.runId].totals.cacheHits).toBeGreaterThan(0);
    expect(finished[cold.runId].totals.calls).toBeGreaterThan(0);

    // The cold run dies now: marked from its heartbeat. The warm one was marked interrupted by an older build,
    // which stored no totals: counted when next read.
    die(store, cold.runId, { wipeTotals: true });
    die(store, warm.runId, { wipeTotals: true });
    store.db.prepare("UPDATE runs SET status = 'interrupted' WHERE id = ?").run(warm.runId);
    const stale = openStore(env.dbPath, { staleRunMs: STALE_MS });
    try {
      const listed = Object.fromEntries(stale.runs.list().map((r) => [r.id, r]));
      for (const id of [cold.runId, warm.runId]) {
        expect(listed[id].status).toBe("interrupted");
        const { costUsd, ...rest } = listed[id].totals;
        const { costUsd: engineCost, ...engine } = finished[id].totals;
        expect(rest).toEqual(engine);
        expect(costUsd).toBeCloseTo(engineCost, 9);
        expect(listed[id].metrics).toEqual(finished[id].metrics);
      }
    } finally {
      stale.close();
    }
  });
});
