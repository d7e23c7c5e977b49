/**
 * Query plans of the store's reads, as the plan tests compare them. A run's own rows are read from the tables
 * (rowTables.ts OWN_ROWS): their plan names `run_nodes` and `shared_facts` nowhere. Rows another run owns are
 * read through the views of migration 14 (SHARED_ROWS), which read `run_nodes` (one primary-key look-up per node:
 * `n`) and the sharing run's facts by primary key (`f`, a LEFT JOIN); `rowPlan` checks that those two are exactly
 * such look-ups, leaves them out and names the row tables as the tests do (`r` → result_rows, `t` →
 * trace_rows), so each test states one plan of the rows for both.
 */
import { expect } from "vitest";
import { OWN_ROWS, type RowTables } from "../../../src/main/store/rowTables";

/** Both ways a run's rows of a node are read. */
export { OWN_ROWS, SHARED_ROWS } from "../../../src/main/store/rowTables";

const RUN_NODE = /^SEARCH n USING PRIMARY KEY \(run_id=\?( AND node_id=\?)?\)$/;
const FACTS = "SEARCH f USING PRIMARY KEY (share=? AND item_id=?) LEFT-JOIN";

/** A plan without the results view's content lookups (a scalar subquery by hash, run only for an output not in its row). */
export const withoutLookups = (plan: string[]) =>
  plan.filter((l) => !/^CORRELATED SCALAR SUBQUERY \d+$/.test(l) && l !== "SEARCH contents USING PRIMARY KEY (hash=?)" && l !== "SEARCH content_bases USING INTEGER PRIMARY KEY (rowid=?)");

/** The plan's lines for the row tables: for shared rows, after checking that run_nodes and shared_facts are read by primary key. */
export function rowPlan(plan: string[], t: RowTables): string[] {
  if (t === OWN_ROWS) {
    for (const line of plan) expect(line).not.toMatch(/\b(run_nodes|shared_facts|n|f)\b USING/);
    return plan;
  }
  const out: string[] = [];
  for (const line of plan) {
    if (/^SEARCH n /.test(line) || /^SCAN n\b/.test(line)) {
      expect(line).toMatch(RUN_NODE);
      continue;
    }
    if (/^(SEARCH|SCAN) f\b/.test(line)) {
      expect(line).toBe(FACTS);
      continue;
    }
    out.push(line.replace(/^(SEARCH|SCAN) r\b/, "$1 result_rows").replace(/^(SEARCH|SCAN) t\b/, "$1 trace_rows"));
  }
  return out;
}
