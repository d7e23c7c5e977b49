/** The nodes that run once after all items: aggregates (reading their inputs back from the store) and their dependants. */
import type { ResultRow } from "../../shared/contract";
import type { ExportedFile } from "../../shared/events";
import type { Value } from "../../shared/values";
import { runAggregateNode, runItemNode } from "./nodeRunner";
import type { AggregateInputRow } from "./nodes/types";
import type { PlannedNode } from "./plan";
import { AGGREGATE_ITEM, AGGREGATE_SEQ, type RunContext } from "./runContext";
import type { Outcome } from "./types";

const usable = (r: ResultRow | undefined): r is ResultRow => !!r && (r.status === "done" || r.status === "cached") && r.output !== null;

/** Each item's inputs of an aggregate node, joined across its incoming edges, in item order. */
export function* aggregateRows(rc: RunContext, pn: PlannedNode): Generator<AggregateInputRow> {
  if (pn.incoming.length === 0) return;
  const driver =
    pn.parents.find((p) => rc.plan.byId.get(p)?.phase === "after") ??
    (rc.plan.source && rc.plan.source.phase === "items" ? rc.plan.source.id : pn.parents[0]);
  for (const row of rc.store.runs.iterateResults(rc.runId, driver)) {
    const values: Record<string, Value> = {};
    const fetched = new Map<string, ResultRow | undefined>([[driver, row]]);
    for (const e of pn.incoming) {
      if (!fetched.has(e.source)) fetched.set(e.source, rc.store.runs.getResult(rc.runId, e.source, row.itemId));
      const r = fetched.get(e.source);
      if (usable(r) && r.output![e.sourcePort] !== undefined) values[e.targetPort] = r.output![e.sourcePort];
    }
    yield { itemId: row.itemId, seq: row.seq, values };
  }
}

/** Runs the after phase; returns what its export nodes wrote (path and records; `run-finished` carries it). */
export async function runAfterPhase(rc: RunContext, onNodeDone: (pn: PlannedNode) => void): Promise<ExportedFile[]> {
  const exports: ExportedFile[] = [];
  if (rc.plan.afterNodes.length === 0) return exports;
  rc.store.writer.flush();
  const outcomes = new Map<string, Outcome>();
  const at = { itemId: AGGREGATE_ITEM, seq: AGGREGATE_SEQ };
  for (const pn of rc.plan.afterNodes) {
    if (rc.signal.aborted) return exports;
    const outcome =
      pn.def.mode === "aggregate"
        ? await runAggregateNode(rc, pn, at, () => aggregateRows(rc, pn))
        : await runItemNode(rc, pn, at, pn.parents.map((id) => outcomes.get(id) ?? { status: "dropped" }));
    outcomes.set(pn.id, outcome);
    const written = outcome.status === "ok" && pn.node.kind === "export" ? outcome.output : undefined;
    if (written && typeof written.path === "string") exports.push({ nodeId: pn.id, path: written.path, records: typeof written.records === "number" ? written.records : 0 });
    rc.store.writer.flush();
    onNodeDone(pn);
  }
  return exports;
}
