/**
 * One item through the per-item nodes: the dataset row first, then every node as soon as its parents are
 * done, so independent branches run concurrently.
 */
import { runItemNode } from "./nodeRunner";
import type { SourceRow } from "./nodes/types";
import type { RunContext } from "./runContext";
import type { Outcome } from "./types";

function sourceOutcome(rc: RunContext, row: SourceRow): Outcome | undefined {
  const src = rc.plan.source;
  if (!src) return undefined;
  const c = rc.stats.counts(src.id);
  const ev = { runId: rc.runId, nodeId: src.id, itemId: row.itemId };
  if (row.error !== undefined || !row.values) {
    const error = row.error ?? "unreadable row";
    c.failed++;
    rc.stats.totals.errors++;
    rc.store.writer.putResult({ runId: rc.runId, nodeId: src.id, itemId: row.itemId, seq: row.seq, status: "failed", output: null, error });
    rc.emit({ type: "item-failed", ...ev, error });
    return { status: "failed", origin: src.id };
  }
  c.done++;
  rc.store.writer.putResult({ runId: rc.runId, nodeId: src.id, itemId: row.itemId, seq: row.seq, status: "done", output: row.values });
  if (rc.listening) rc.emit({ type: "item-done", ...ev, output: row.values, latencyMs: 0, cached: false });
  return { status: "ok", output: row.values };
}

export async function runItem(rc: RunContext, row: SourceRow): Promise<void> {
  const at = { itemId: row.itemId, seq: row.seq };
  const outcomes = new Map<string, Promise<Outcome>>();
  const src = sourceOutcome(rc, row);
  if (rc.plan.source && src) outcomes.set(rc.plan.source.id, Promise.resolve(src));
  for (const pn of rc.plan.itemNodes) rc.stats.counts(pn.id).queued++;
  for (const pn of rc.plan.itemNodes) {
    const parentPromises = pn.parents.map((id) => outcomes.get(id)!);
    outcomes.set(
      pn.id,
      Promise.all(parentPromises).then((settled) => runItemNode(rc, pn, at, settled)),
    );
  }
  const fingerprinted = rc.dataset?.addRow(row);
  const all = await Promise.all(outcomes.values());
  await fingerprinted;
  if (!all.some((o) => o.status === "cancelled")) rc.stats.itemFinished(all.some((o) => o.status === "failed"), all.some((o) => o.status === "pending"));
}
