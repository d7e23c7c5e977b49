import { describe, expect, it } from "vitest";
import type { ResultRow, ResultsQuery } from "../../../src/shared/contract";
import { ORDERS, pageRowsSql, pageKeysSql, resultsFilter, reversedOrder, statusBlocksSql } from "../../../src/main/store/resultsPage";
import { openStore, type Store } from "../../../src/main/store/store";
import type { ResultRecord } from "../../../src/main/store/types";
import { tinyDoc } from "./helpers";
import { databaseOf } from "../../../src/main/store/database";
import { OWN_ROWS, rowPlan, SHARED_ROWS, withoutLookups } from "./queryPlan";



const STATUSES: ResultRow["status"][] = ["done", "failed", "cached", "skipped", "done", "dropped"];

/** 57 results of "ask" whose item ids, dataset positions and latencies are in different orders, with ties and gaps. */
function seed(store: Store): { runId: string; records: ResultRecord[] } {
  const runId = store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" }).id;
  const records: ResultRecord[] = [];
  for (let i = 0; i < 57; i++) {
    const status = STATUSES[i % STATUSES.length];
    records.push({
      runId,
      nodeId: "ask",
      itemId: `it-${(i * 37) % 101}`,
      seq: Math.floor(i / 2) === 5 ? 10 : 56 - i, // two items share a position: the item id decides
      status,
      output: status === "failed" ? null : { text: `answer ${i % 9}` },
      ...(status === "failed" ? { error: `bad ${i}` } : {}),
      ...(i % 5 === 0 ? {} : { latencyMs: (i * 13) % 7 }), // ties, and no latency on every fifth
    });
  }
  for (const r of records) store.writer.putResult(r);
  // Another node and another run, which no page may show.
  store.writer.putResult({ runId, nodeId: "data", itemId: "it-0", seq: 0, status: "done", output: { question: "q" } });
  const other = store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" }).id;
  store.writer.putResult({ runId: other, nodeId: "ask", itemId: "it-0", seq: 0, status: "done", output: { text: "x" } });
  return { runId, records };
}

/** SQLite's BINARY order of ASCII strings. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The documented orders, in JS: item = (seq, item); latency = slowest first, none last, then item order; status = (status, item order). */
function expected(records: ResultRecord[], q: ResultsQuery): string[] {
  const item = (a: ResultRecord, b: ResultRecord) => a.seq - b.seq || cmp(a.itemId, b.itemId);
  const lat = (r: ResultRecord) => r.latencyMs ?? -Infinity;
  const order = {
    item,
    latency: (a: ResultRecord, b: ResultRecord) => lat(b) - lat(a) || item(a, b),
    status: (a: ResultRecord, b: ResultRecord) => cmp(a.status, b.status) || item(a, b),
  }[q.sort ?? "item"];
  return records
    .filter((r) => (!q.status || r.status === q.status) && (!q.search || `${r.itemId} ${JSON.stringify(r.output)} ${r.error ?? ""}`.includes(q.search)))
    .sort(order)
    .map((r) => r.itemId);
}

describe("runs.results paging", () => {
  it("gives every sort, filter and offset the documented order, pages adjoining without overlap", () => {
    const store = openStore(":memory:");
    const { runId, records } = seed(store);
    for (const sort of ["item", "latency", "status"] as const) {
      for (const filter of [{}, { status: "done" as const }, { status: "failed" as const }, { search: "answer 3" }, { status: "done" as const, search: "it-1" }]) {
        const q: ResultsQuery = { runId, nodeId: "ask", sort, ...filter };
        const want = expected(records, q);
        expect(want.length, JSON.stringify(q)).toBeGreaterThan(0);
        const paged: string[] = [];
        for (let offset = 0; offset < want.length; offset += 7) {
          const page = store.runs.results({ ...q, offset, limit: 7 });
          expect(page.total, JSON.stringify(q)).toBe(want.length);
          paged.push(...page.rows.map((r) => r.itemId));
        }
        expect(paged, JSON.stringify(q)).toEqual(want);
        expect(store.runs.results({ ...q, offset: want.length }).rows).toEqual([]);
      }
    }
    store.close();
  });

  it("returns whole rows, as getResult gives them", () => {
    const store = openStore(":memory:");
    const { runId } = seed(store);
    const page = store.runs.results({ runId, nodeId: "ask", sort: "latency", offset: 20, limit: 15 });
    expect(page.rows).toHaveLength(15);
    for (const row of page.rows) expect(row).toEqual(store.runs.getResult(runId, "ask", row.itemId));
    store.close();
  });

  it("pages past the end, and empty pages, give the total and no rows", () => {
    const store = openStore(":memory:");
    const { runId, records } = seed(store);
    for (const sort of ["item", "latency", "status"] as const) {
      expect(store.runs.results({ runId, nodeId: "ask", sort, offset: 500 })).toEqual({ total: records.length, rows: [] });
      expect(store.runs.results({ runId, nodeId: "ask", sort, limit: 0 })).toEqual({ total: records.length, rows: [] });
      expect(store.runs.results({ runId, nodeId: "ask", sort, offset: records.length - 3, limit: 10 }).rows).toHaveLength(3);
      expect(store.runs.results({ runId, nodeId: "nope", sort })).toEqual({ total: 0, rows: [] });
    }
    store.close();
  });

  it("reads a page's ids from the covering index alone (either direction) and only the page's rows whole", () => {
    const store = openStore(":memory:");
    const { runId } = seed(store);
    for (const t of [OWN_ROWS, SHARED_ROWS]) {
      const plan = (sql: string, params: Record<string, unknown>) =>
        rowPlan((databaseOf(store).prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ ...params, limit: 10, offset: 40, ids: "[]" }) as { detail: string }[]).map((r) => r.detail), t);
      const walk = "SEARCH result_rows USING COVERING INDEX results_items (run_id=? AND node_id=?)";
      for (const status of [undefined, "done" as const]) {
        const f = resultsFilter({ runId, nodeId: "ask", status }, t);
        // Item order (and a status filter): a walk of the index, forwards or backwards, no sort.
        expect(plan(pageKeysSql(f.clause, ORDERS.item, false, t), f.params)).toEqual([walk]);
        expect(plan(pageKeysSql(f.clause, reversedOrder(ORDERS.item), false, t), f.params)).toEqual([walk]);
        // Latency order: index entries sorted, never the rows.
        for (const order of [ORDERS.latency, reversedOrder(ORDERS.latency)]) expect(plan(pageKeysSql(f.clause, order, false, t), f.params)).toEqual([walk, "USE TEMP B-TREE FOR ORDER BY"]);
        // Status order: the statuses counted in the index, then a walk of each block in item order.
        expect(plan(statusBlocksSql(f.clause, t), f.params).filter((d) => /^(SEARCH|SCAN)/.test(d))).toEqual([walk]);
        const block = `${f.clause} AND status = @blockStatus`;
        expect(plan(pageKeysSql(block, ORDERS.item, false, t), { ...f.params, blockStatus: "done" })).toEqual([walk]);
      }
      // A search reads every row of the node anyway: in primary-key order, the matches sorted, never an index walk with a lookup per row.
      const searched = resultsFilter({ runId, nodeId: "ask", search: "answer" }, t);
      for (const order of [ORDERS.item, reversedOrder(ORDERS.item), ORDERS.latency, ORDERS.status]) {
        expect(withoutLookups(plan(pageKeysSql(searched.clause, order, searched.readsRows, t), searched.params))).toEqual(["SEARCH result_rows USING PRIMARY KEY (run_id=? AND node_id=?)", "USE TEMP B-TREE FOR ORDER BY"]);
      }
      // The page's rows: one primary-key lookup per id.
      expect(plan(pageRowsSql(t), { runId, nodeId: "ask" })[0]).toBe("SEARCH result_rows USING PRIMARY KEY (run_id=? AND node_id=? AND item_id=?)");
    }
    expect(reversedOrder(ORDERS.latency)).toEqual(["latency_ms", "seq DESC", "item_id DESC"]);
    store.close();
  });
});
