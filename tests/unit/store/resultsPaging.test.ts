import { describe, expect, it } from "vitest";
import type { ResultRow, ResultsQuery } from "../../../src/shared/contract";
import { resultsQuerySql } from "../../../src/main/store/runsRepo";
import { openStore, type Store } from "../../../src/main/store/store";
import type { ResultRecord } from "../../../src/main/store/types";
import { tinyDoc } from "./helpers";

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

  it("skips to a deep page in a covering index and reads only the page's rows whole", () => {
    const store = openStore(":memory:");
    const { runId } = seed(store);
    for (const sort of ["item", "latency", "status"] as const) {
      for (const status of [undefined, "done" as const]) {
        const q = resultsQuerySql({ runId, nodeId: "ask", sort, status, offset: 40, limit: 10 });
        const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${q.page}`).all(q.params) as { detail: string }[]).map((r) => r.detail);
        const where = `${sort}${status ? `, status ${status}` : ""}: ${plan.join(" | ")}`;
        // The page's keys: an index range with no table lookup and no sort of the node's rows.
        expect(plan.some((d) => /^SEARCH results USING COVERING INDEX results_(order|status|latency) /.test(d)), where).toBe(true);
        expect(plan.some((d) => /^SCAN results|^SEARCH results USING (INDEX|PRIMARY KEY)/.test(d)), where).toBe(false);
        // The page's rows: looked up by primary key from the page, which stays the outer loop.
        expect(plan.indexOf("SCAN page"), where).toBeGreaterThan(-1);
        expect(plan.some((d) => d.startsWith("SEARCH r USING PRIMARY KEY (run_id=? AND node_id=? AND item_id=?)")), where).toBe(true);
        const tempSorts = plan.filter((d) => d.includes("TEMP B-TREE"));
        expect(tempSorts, where).toEqual(["USE TEMP B-TREE FOR ORDER BY"]); // the page's rows only, after the lookup
        expect(plan.indexOf("USE TEMP B-TREE FOR ORDER BY"), where).toBeGreaterThan(plan.indexOf("SCAN page"));
      }
    }
    store.close();
  });
});
