/**
 * Runs that share equal rows (rowSharing.ts, migration 14): a warm re-run keeps a reference to the cold run's
 * rows and only its own facts; it reads exactly as the rows it wrote, also once the cold run is deleted and the
 * rows are handed over to it (its facts written into them); a run with another prompt shares only the nodes
 * before it; a run whose rows are shared cannot be deleted by a statement that forgot to hand them over.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { databaseOf } from "../../../src/main/store/database";
import { shareEqualRows } from "../../../src/main/store/rowSharing";
import { openStore, type Store } from "../../../src/main/store/store";
import { run } from "../engine/helpers";
import { cascadeDoc, cascadeProvider, seedCascadeRuns } from "./storageFixture";
import { runReads } from "./runReads";

let store: Store | undefined;
afterEach(() => store?.close());

const q = (s: Store, sql: string, ...params: unknown[]) => databaseOf(s).prepare(sql).pluck().get(...params) as number;
/** Everything a run reads as: its rows and traces through the views, each node's pages, traces, compare. */
const reads = runReads;
const ownRows = (s: Store, runId: string) => q(s, "SELECT COUNT(*) FROM result_rows WHERE run_id = ?", runId) + q(s, "SELECT COUNT(*) FROM trace_rows WHERE run_id = ?", runId);
const sharedNodes = (s: Store, runId: string) => databaseOf(s).prepare("SELECT node_id FROM run_nodes WHERE run_id = ? AND rows_of != run_id ORDER BY node_id").pluck().all(runId);

describe("runs that share equal rows", () => {
  it("a warm re-run shares every node's rows and keeps only its facts; it reads the same once the cold run is deleted", async () => {
    store = openStore(":memory:");
    const [cold, warm, other] = await seedCascadeRuns(store);
    expect(sharedNodes(store, warm)).toEqual(["check", "data", "pick", "reason", "score", "vote"]);
    expect(ownRows(store, warm)).toBe(0);
    // Its own facts: the calls came from the cache.
    expect(store.runs.results({ runId: warm, nodeId: "reason", limit: 100 }).rows.every((r) => r.status === "cached")).toBe(true);
    expect(store.runs.results({ runId: cold, nodeId: "reason", limit: 100 }).rows.every((r) => r.status === "done")).toBe(true);
    expect(store.traces.forItem(warm, "q1", ["check"]).get("check")?.get("q1")?.trace?.calls?.[0]).toMatchObject({ cached: true });
    // Another reason prompt: its reason and check rows are its own; the nodes before and beside it share, and so
    // do pick and score, whose rows (the number picked, its score) come out equal.
    expect(sharedNodes(store, other)).toEqual(["data", "pick", "score", "vote"]);
    const before = { warm: reads(store, warm), other: reads(store, other) };
    expect((before.warm as { rows: unknown[] }).rows).toHaveLength(6 * 12);

    store.runs.delete(cold);
    // The newest sharer of each of the cold run's nodes owns its rows now: the other run those it shared, the warm run the rest.
    expect(q(store, "SELECT COUNT(*) FROM run_nodes WHERE rows_of = ?", cold)).toBe(0);
    expect(sharedNodes(store, other)).toEqual([]);
    expect(sharedNodes(store, warm)).toEqual(["data", "pick", "score", "vote"]);
    expect(databaseOf(store).prepare("SELECT DISTINCT rows_of FROM run_nodes WHERE run_id = ? AND rows_of != run_id").pluck().all(warm)).toEqual([other]);
    expect(reads(store, warm)).toEqual(before.warm);
    expect(reads(store, other)).toEqual(before.other);
  });

  it("several sharers: deleting the owner, then the heir, leaves the last one reading as it wrote", async () => {
    store = openStore(":memory:");
    const provider = cascadeProvider();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await run(store, cascadeDoc(), provider)).runId);
    store.writer.flush();
    const [cold, ...warm] = ids;
    for (const id of warm) expect(ownRows(store, id)).toBe(0);
    const before = warm.map((id) => reads(store!, id));
    store.storage.collect({ keepLast: 3 }); // gc deletes the owner: its rows go to the newest sharer
    expect(store.runs.list().map((r) => r.id).sort()).toEqual([...warm].sort());
    warm.forEach((id, i) => expect(reads(store!, id)).toEqual(before[i]));
    const heir = warm.find((id) => ownRows(store!, id) > 0)!;
    expect(heir).toBe(warm[2]);
    store.runs.delete(heir);
    warm.filter((id) => id !== heir).forEach((id) => expect(reads(store!, id)).toEqual(before[warm.indexOf(id)]));
    expect(q(store, "SELECT COUNT(*) FROM runs WHERE id = ?", cold)).toBe(0);
  });

  it("deleting a sharer drops only its facts; a delete that forgot the sharers is refused", async () => {
    store = openStore(":memory:");
    const [cold, warm] = await seedCascadeRuns(store);
    const coldReads = reads(store, cold);
    const facts = q(store, "SELECT COUNT(*) FROM shared_facts");
    expect(facts).toBeGreaterThan(0);
    expect(() => databaseOf(store!).prepare("DELETE FROM runs WHERE id = ?").run(cold)).toThrow(/shared by later runs/);
    store.runs.delete(warm);
    expect(q(store, "SELECT COUNT(*) FROM shared_facts")).toBeLessThan(facts);
    expect(q(store, "SELECT COUNT(*) FROM shared_facts WHERE share NOT IN (SELECT share FROM run_nodes WHERE share IS NOT NULL)")).toBe(0);
    expect(reads(store, cold)).toEqual(coldReads);
  });

  it("the writer's thread shares the rows of a database file, and flush waits for it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cascade-sharing-"));
    try {
      store = openStore(join(dir, "store.db"));
      const [cold, warm] = await seedCascadeRuns(store);
      expect(sharedNodes(store, warm)).toEqual(["check", "data", "pick", "reason", "score", "vote"]);
      expect(ownRows(store, warm)).toBe(0);
      expect(ownRows(store, cold)).toBeGreaterThan(0);
      const reason = (id: string) => store!.runs.results({ runId: id, nodeId: "reason", limit: 100 }).rows;
      expect(reason(warm).map((r) => r.output)).toEqual(reason(cold).map((r) => r.output));
      expect(reason(warm).map((r) => r.status)).toEqual(Array(12).fill("cached"));
      store.close();
      store = undefined;
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    }
  });

  it("a run that did not end done keeps its own rows", async () => {
    store = openStore(":memory:");
    const [cold] = await seedCascadeRuns(store);
    const controller = new AbortController();
    const provider = cascadeProvider();
    const cancelled = run(store, cascadeDoc("storage cascade", "Another {{question}}"), provider, { signal: controller.signal });
    controller.abort();
    const r = await cancelled;
    expect(r.summary.status).not.toBe("done");
    expect(sharedNodes(store, r.runId)).toEqual([]);
    expect(ownRows(store, cold)).toBeGreaterThan(0);
  });
});

describe("handing rows over to the newest sharer", () => {
  it("writes out only the other sharers' facts that the heir's facts change (so deleting the owner frees its rows + own: rowSharingSequences.test.ts)", async () => {
    store = openStore(":memory:");
    const provider = cascadeProvider();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await run(store, cascadeDoc(), provider)).runId);
    store.writer.flush();
    const [cold, first, heir] = ids;
    const facts = (runId: string, node: string) =>
      q(store!, "SELECT COUNT(*) FROM shared_facts f JOIN run_nodes n ON n.share = f.share WHERE n.run_id = ? AND n.node_id = ?", runId, node);
    // The dataset's rows have equal facts in every run: nothing to keep.
    expect(facts(first, "data")).toBe(0);
    expect(facts(heir, "data")).toBe(0);
    const reasonFacts = facts(first, "reason");
    const before = reads(store, first);
    store.runs.delete(cold);
    expect(reads(store, first)).toEqual(before);
    expect(facts(first, "data")).toBe(0);
    // Both warm runs' reason facts differ from the cold run's (cached): the first keeps its own, no more.
    expect(facts(first, "reason")).toBe(reasonFacts);
  });
});

describe("interrupted runs and rows", () => {
  it("an interrupted run neither shares nor is shared with; one marked interrupted that then ends done shares", async () => {
    store = openStore(":memory:");
    const provider = cascadeProvider();
    const [cold] = await seedCascadeRuns(store);
    // A run left running (a killed process) and marked interrupted keeps its rows, and no later run reads them.
    const left = store.runs.create({ doc: cascadeDoc(), datasetFingerprint: "" }).id;
    databaseOf(store)
      .prepare("INSERT INTO result_rows SELECT ?, node_id, item_id, seq, status, output, output_hash, error, cache_key, latency_ms, input_tokens, output_tokens, cost_usd, drop_reason FROM result_rows WHERE run_id = ?")
      .run(left, cold);
    databaseOf(store).prepare("INSERT INTO run_nodes (run_id, node_id, rows_of) SELECT @left, node_id, @left FROM run_nodes WHERE run_id = @cold").run({ left, cold });
    expect(store.runs.markInterrupted([left])).toBe(1);
    const later = await run(store, cascadeDoc(), provider);
    expect(sharedNodes(store, left)).toEqual([]);
    expect(databaseOf(store).prepare("SELECT COUNT(*) FROM run_nodes WHERE rows_of = ? AND run_id != ?").pluck().get(left, left)).toBe(0);
    expect(sharedNodes(store, later.runId).length).toBeGreaterThan(0);
    // Marked interrupted while it runs (its heartbeat seemed stale), then it ends done: it shares like any done run.
    let marked = 0;
    const r = await run(store, cascadeDoc(), provider, {
      onEvent: (e) => {
        if (e.type === "node-done" && e.nodeId === "reason") marked += store!.runs.markInterrupted([e.runId]);
      },
    });
    expect(marked).toBe(1);
    expect(r.summary.status).toBe("done");
    expect(sharedNodes(store, r.runId)).toEqual(["check", "data", "pick", "reason", "score", "vote"]);
    const before = reads(store, r.runId);
    store.runs.delete(cold);
    store.runs.delete(later.runId);
    expect(reads(store, r.runId)).toEqual(before);
  });

  it("a run whose rows another run shares already keeps them when its own turn to share comes (two writers finishing at once)", async () => {
    store = openStore(":memory:");
    const provider = cascadeProvider();
    const cold = (await run(store, cascadeDoc(), provider)).runId;
    const warm = (await run(store, cascadeDoc(), provider)).runId;
    store.writer.flush();
    const db = databaseOf(store);
    // The race of two connections: the warm run shared the cold run's rows while the cold run's own turn to share
    // (its writer on another connection) had not come; then an equal run that owns its rows is found for it.
    db.exec("CREATE TEMP TABLE copy_runs AS SELECT * FROM runs WHERE id = '" + cold + "'; UPDATE copy_runs SET id = 'twin', started_at = started_at - 1000; INSERT INTO runs SELECT * FROM copy_runs;");
    for (const t of ["result_rows", "trace_rows", "run_nodes"]) {
      db.exec(`CREATE TEMP TABLE copy_${t} AS SELECT * FROM ${t} WHERE run_id = '${cold}'; UPDATE copy_${t} SET run_id = 'twin'${t === "run_nodes" ? ", rows_of = 'twin', share = NULL" : ""}; INSERT INTO ${t} SELECT * FROM copy_${t};`);
    }
    const before = reads(store, warm);
    expect(sharedNodes(store, warm)).toEqual(["check", "data", "pick", "reason", "score", "vote"]);
    expect(shareEqualRows(db, cold)).toEqual([]);
    expect(ownRows(store, cold)).toBeGreaterThan(0);
    expect(reads(store, warm)).toEqual(before);
  });
});
