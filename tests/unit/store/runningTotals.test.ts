/**
 * An interrupted run's totals are the engine's running totals of its last heartbeat (runs.live_totals), not
 * counted again from its results: the engine stores them with each beat, the store takes them when it marks
 * the run interrupted.
 */
import { describe, expect, it } from "vitest";
import { startRun } from "../../../src/main/engine/startRun";
import { databaseOf } from "../../../src/main/store/database";
import { lastRunningTotals, type RunningTotals } from "../../../src/main/store/runLiveness";
import { emptyTotals } from "../../../src/main/store/runsRepo";
import { openStore, type Store } from "../../../src/main/store/store";
import { accuracy } from "../../../src/shared/stats";
import { testProvider, twoPromptDoc } from "../engine/helpers";
import { tinyDoc } from "./helpers";

const STALE_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a heartbeat `ageMs` ago leaves behind. */
function lastBeatAgo(store: Store, runId: string, ageMs: number): void {
  databaseOf(store).prepare("UPDATE runs SET heartbeat_at = ? WHERE id = ?").run(Date.now() - ageMs, runId);
}

describe("an interrupted run's totals", () => {
  it("are those of its last heartbeat, stored when it is marked; its results are not counted again", () => {
    const store = openStore(":memory:", { staleRunMs: STALE_MS });
    const runId = store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" }).id;
    const first: RunningTotals = { totals: { ...emptyTotals(), items: 10, itemsDone: 2, calls: 2, inputTokens: 20, outputTokens: 6 }, metrics: {} };
    const last: RunningTotals = {
      totals: { ...emptyTotals(), items: 10, itemsDone: 4, itemsFailed: 1, itemsPending: 1, errors: 1, calls: 5, cacheHits: 2, inputTokens: 50, outputTokens: 15, costUsd: 0.05 },
      metrics: { score: [accuracy(3, 4)] },
    };
    store.runMeta.beat(runId, first);
    store.runMeta.beat(runId, last);
    store.runMeta.beat(runId); // a beat before the engine has totals keeps the last ones
    expect(lastRunningTotals(databaseOf(store), runId)).toEqual(last);
    // A result the engine wrote after its last beat is not in the totals (nothing re-derives them).
    store.writer.putResult({ runId, nodeId: "a", itemId: "i9", seq: 9, status: "failed", output: null, error: "late" });
    lastBeatAgo(store, runId, 2 * STALE_MS);

    const listed = store.runs.list()[0];
    expect(listed.status).toBe("interrupted");
    expect(listed.totals).toEqual(last.totals);
    expect(listed.metrics).toEqual(last.metrics);
    const row = databaseOf(store).prepare("SELECT status, totals, metrics FROM runs WHERE id = ?").get(runId) as { status: string; totals: string; metrics: string };
    expect(row.status).toBe("interrupted");
    expect(JSON.parse(row.totals)).toEqual(last.totals);
    expect(JSON.parse(row.metrics)).toEqual(last.metrics);
    store.close();
  });

  it("of a run that never stored any (killed before its engine counted, or by an older build) are what it stored", () => {
    const store = openStore(":memory:", { staleRunMs: STALE_MS });
    const runId = store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" }).id;
    store.runMeta.beat(runId);
    store.writer.putResult({ runId, nodeId: "a", itemId: "i1", seq: 1, status: "done", output: { text: "t" } });
    expect(store.runs.markInterrupted()).toBe(1);
    expect(store.runs.summary(runId)).toMatchObject({ status: "interrupted", totals: emptyTotals(), metrics: {} });
    store.close();
  });

  it("are written by the engine with each heartbeat while it runs: its own counts so far", async () => {
    const store = openStore(":memory:");
    const slow = testProvider({ latencyMs: 30 });
    const items = 6;
    const handle = startRun({ doc: twoPromptDoc(items), baseDir: process.cwd(), store, providerFactory: slow.factory, concurrency: 1, heartbeatIntervalMs: 10 });
    const seen: RunningTotals[] = [];
    let ended = false;
    void handle.done.finally(() => (ended = true));
    while (!ended) {
      const t = lastRunningTotals(databaseOf(store), handle.runId);
      if (t) seen.push(t);
      await sleep(10);
    }
    const summary = await handle.done;
    expect(summary.status).toBe("done");
    const midway = seen.filter((s) => s.totals.itemsDone > 0 && s.totals.itemsDone < items);
    expect(midway.length).toBeGreaterThan(0);
    for (const s of seen) {
      // The engine's counts: every call answered 10 in / 3 out tokens; two calls per item done, more for the
      // items in flight.
      expect(s.totals.items).toBe(items);
      expect(s.totals.inputTokens).toBe(10 * s.totals.calls);
      expect(s.totals.outputTokens).toBe(3 * s.totals.calls);
      expect(s.totals.calls).toBeGreaterThanOrEqual(2 * s.totals.itemsDone);
      expect(s.totals.calls).toBeLessThanOrEqual(2 * items);
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i].totals.calls).toBeGreaterThanOrEqual(seen[i - 1].totals.calls);
    expect(seen[seen.length - 1].totals.calls).toBeLessThanOrEqual(summary.totals.calls);
    store.close();
  });
});
