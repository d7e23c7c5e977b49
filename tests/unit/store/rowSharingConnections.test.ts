/**
 * Runs that share rows (rowSharing.ts) with two connections on one file (two processes): one connection's reads
 * of a run stay whole while the other shares that run's rows; both finishing and deleting runs, in turn and at
 * once, leave every run reading as it did; gc takes the write lock before its first read, so another connection's
 * commit cannot fail its hand-over; a store closed right after a run finished has shared its rows or left them (on
 * reopening the run reads as it did).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Statement } from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { doneLatencies, portTexts, scoreOutcomes } from "../../../src/main/store/compareScans";
import { databaseOf } from "../../../src/main/store/database";
import { shareEqualRows } from "../../../src/main/store/rowSharing";
import { openStore, type Store } from "../../../src/main/store/store";
import { NODES } from "../../fixtures/schema8/generate";
import { run } from "../engine/helpers";
import { cascadeDoc, cascadeProvider } from "./storageFixture";
import { runReads } from "./runReads";

const stores: Store[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

function storeFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "cascade-share-conn-"));
  dirs.push(dir);
  return join(dir, "store.db");
}
function open(path: string, thread = false): Store {
  const s = openStore(path, { writer: { thread } });
  stores.push(s);
  return s;
}

const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
const reads = runReads;

/** A copy of run `from` as the done run `id`, one second later, owning its rows: a run whose rows are not shared yet. */
function copyRun(s: Store, from: string, id: string): void {
  const db = databaseOf(s);
  db.transaction(() => {
    db.prepare(
      `INSERT INTO runs (id, pipeline_hash, pipeline_name, doc, dataset_fingerprint, label, status, started_at, finished_at, totals, metrics, node_counts)
       SELECT ?, pipeline_hash, pipeline_name, doc, dataset_fingerprint, label, status, started_at + 1000, finished_at + 1000, totals, metrics, node_counts FROM runs WHERE id = ?`,
    ).run(id, from);
    // The stored rows as they are (through the views a cache key would be stored as its text).
    db.prepare("INSERT INTO result_rows SELECT ?, node_id, item_id, seq, status, output, output_hash, error, cache_key, latency_ms, input_tokens, output_tokens, cost_usd, drop_reason FROM result_rows WHERE run_id = ?").run(id, from);
    db.prepare("INSERT INTO trace_rows SELECT ?, node_id, item_id, trace_hash, calls FROM trace_rows WHERE run_id = ?").run(id, from);
    db.prepare("INSERT INTO run_nodes (run_id, node_id, rows_of) SELECT @id, node_id, @id FROM run_nodes WHERE run_id = @from").run({ id, from });
  })();
}

/** Runs `then` right after connection `s` has looked up where a run's rows of a node are (rowTables.ts), once. */
function afterRowsLookup(s: Store, then: () => void): void {
  const db = databaseOf(s);
  const prepare = db.prepare.bind(db);
  let pending = true;
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql);
    if (!pending || !sql.startsWith("SELECT rows_of FROM run_nodes")) return stmt;
    const get = stmt.get.bind(stmt);
    stmt.get = ((...args: unknown[]) => {
      const v = get(...args);
      if (pending) {
        pending = false;
        then();
      }
      return v;
    }) as Statement["get"];
    return stmt;
  }) as typeof db.prepare;
}

describe("runs that share rows, two connections on one file", () => {
  for (const [name, read] of [
    ["latencies", (s: Store, id: string) => doneLatencies(databaseOf(s), s.writer, id, "reason").sort()],
    ["port texts", (s: Store, id: string) => [...portTexts(databaseOf(s), s.writer, id, "pick", "value").entries()]],
    ["score outcomes", (s: Store, id: string) => scoreOutcomes(databaseOf(s), s.writer, id, "score", { node: "pick", port: "value" })],
  ] as const) {
    it(`a compare scan (${name}) reads a run whole while the other connection shares its rows`, async () => {
      const path = storeFile();
      const one = open(path);
      const two = open(path);
      const cold = (await run(one, cascadeDoc(), cascadeProvider())).runId;
      copyRun(one, cold, "copy");
      const expected = asJson(read(two, "copy"));
      expect((expected as unknown[]).length).toBeGreaterThan(0);
      afterRowsLookup(two, () => expect(shareEqualRows(databaseOf(one), "copy")).toContain("reason"));
      expect(asJson(read(two, "copy"))).toEqual(expected);
    });
  }

  it("two connections finishing runs and deleting each other's, in turn and at once, leave every run reading as it did", async () => {
    const path = storeFile();
    const one = open(path, true);
    const two = open(path, true);
    const provider = cascadeProvider();
    const cold = (await run(one, cascadeDoc(), provider)).runId;
    const [a, b] = await Promise.all([run(one, cascadeDoc(), provider), run(two, cascadeDoc(), provider)]);
    const expected = new Map([a.runId, b.runId].map((id) => [id, reads(one, id)]));
    const [c, d] = await Promise.all([
      run(one, cascadeDoc(), provider),
      (async () => {
        two.runs.delete(cold);
        return run(two, cascadeDoc(), provider);
      })(),
    ]);
    for (const r of [c, d]) expected.set(r.runId, reads(two, r.runId));
    two.runs.delete(a.runId);
    one.runs.delete(d.runId);
    expected.delete(a.runId);
    expected.delete(d.runId);
    for (const [id, r] of expected) {
      expect(reads(one, id), id).toEqual(r);
      expect(reads(two, id), id).toEqual(r);
    }
  });

  it("a store closed right after a run finished: the run reads as it did on reopening", async () => {
    const path = storeFile();
    const first = open(path, true);
    const provider = cascadeProvider();
    const cold = (await run(first, cascadeDoc(), provider)).runId;
    const warm = await run(first, cascadeDoc(), provider);
    first.close();
    stores.splice(stores.indexOf(first), 1);
    const again = open(path, true);
    expect(databaseOf(again).prepare("SELECT COUNT(*) FROM run_nodes WHERE run_id = ? AND rows_of = ?").pluck().get(warm.runId, cold)).toBe(NODES.length);
    const warmReads = reads(again, warm.runId);
    expect((warmReads as { rows: { status: string }[] }).rows.filter((r) => r.status === "cached").length).toBeGreaterThan(0);
    again.runs.delete(cold);
    expect(reads(again, warm.runId)).toEqual(warmReads);
  });

  it("gc deletes and hands rows over while the other connection commits between gc's first read and its first write", async () => {
    const path = storeFile();
    const one = open(path);
    const two = open(path);
    const provider = cascadeProvider();
    const cold = (await run(one, cascadeDoc(), provider)).runId;
    const warm = (await run(one, cascadeDoc(), provider)).runId;
    const later = (await run(one, cascadeDoc("storage cascade", "Solve {{question}} carefully; end with the number alone."), provider)).runId;
    const warmReads = reads(one, warm);
    // gc counts the rows it deletes, then hands rows over: the other connection tries to commit in between (it
    // labels a run, not waiting for the lock). Where gc took the write lock first, it is told to wait.
    const db = databaseOf(two);
    const prepare = db.prepare.bind(db);
    let tried = false;
    db.prepare = ((sql: string) => {
      if (!tried && sql.startsWith("SELECT COUNT(*) FROM result_heads")) {
        tried = true;
        const timeout = databaseOf(one).pragma("busy_timeout", { simple: true }) as number;
        databaseOf(one).pragma("busy_timeout = 0");
        try {
          one.runs.rename(later, "labelled meanwhile");
        } catch (e) {
          expect((e as { code?: string }).code).toBe("SQLITE_BUSY");
        } finally {
          databaseOf(one).pragma(`busy_timeout = ${timeout}`);
        }
      }
      return prepare(sql);
    }) as typeof db.prepare;
    const report = two.storage.collect({ keepLast: 2 });
    expect(tried).toBe(true);
    expect(report.runs.map((r) => r.id)).toEqual([cold]);
    expect(reads(one, warm)).toEqual(warmReads);
  });
});
