/**
 * Everything a run reads as, for the tests of runs that share rows (rowSharing.ts): a run must read exactly the
 * same right after it finished, once its rows are shared, and after they were handed over, exported, imported.
 * Its rows and traces through the views; each node's pages (sorted, filtered, searched), report counts and
 * problems; two items' traces; the run summary, compare load and searched total (readRun); compare item lists
 * (alone and against itself); latencies and score outcomes as compare scans them.
 */
import { compareItemList } from "../../../src/main/store/compareItemsQuery";
import { doneLatencies, scoreOutcomes } from "../../../src/main/store/compareScans";
import { databaseOf } from "../../../src/main/store/database";
import type { Store } from "../../../src/main/store/store";
import { NODES, readRun } from "../../fixtures/schema8/generate";

const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

export function runReads(s: Store, runId: string): unknown {
  const db = databaseOf(s);
  return asJson({
    rows: db.prepare("SELECT * FROM results WHERE run_id = ? ORDER BY node_id, item_id").all(runId),
    heads: db.prepare("SELECT * FROM result_heads WHERE run_id = ? ORDER BY node_id, item_id").all(runId),
    traces: db.prepare("SELECT * FROM result_traces WHERE run_id = ? ORDER BY node_id, item_id").all(runId),
    run: readRun(s, runId),
    nodes: s.runs.resultNodes(runId),
    pages: NODES.map((nodeId) => [
      s.runs.results({ runId, nodeId, sort: "status", limit: 100 }),
      s.runs.results({ runId, nodeId, sort: "status", limit: 5, offset: 3 }),
      s.runs.results({ runId, nodeId, sort: "latency", limit: 4, offset: 7 }),
      s.runs.results({ runId, nodeId, status: "failed", limit: 100 }),
      s.runs.results({ runId, nodeId, search: "answer is 1", sort: "latency", limit: 100 }),
    ]),
    items: ["q1", "q7"].map((itemId) => [...s.traces.forItem(runId, itemId, NODES).entries()].map(([n, m]) => [n, [...m.entries()]])),
    report: NODES.map((nodeId) => [s.reports.statusCounts(runId, nodeId), s.reports.problems(runId, nodeId)]),
    compare: ["data", "reason", "check", "pick"].map((nodeId) => [
      compareItemList(db, s.writer, { runIds: [runId], nodeId, ports: [], scoreNodes: ["score"] }),
      compareItemList(db, s.writer, { runIds: [runId, runId], nodeId, ports: ["text"], scoreNodes: [null, null], search: "step" }),
    ]),
    latencies: NODES.map((nodeId) => doneLatencies(db, s.writer, runId, nodeId).sort()),
    outcomes: scoreOutcomes(db, s.writer, runId, "score", { node: "pick", port: "value" }),
  });
}
