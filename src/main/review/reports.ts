/**
 * Per filter, review and judge node of a run: items in, out, dropped (reasons grouped with counts), pending,
 * failed. Grouping strips what is particular to an item: a filter's "(label=..., score=...)" values and the
 * "<kind> <node>:" prefix, so "score >= 4 was false" is one line with its count. A filter drop stored with its
 * failing clause (results.drop_clause) is grouped by that clause, with the values of its first items; a drop
 * written by an older run has only its text, which is grouped as it is (nothing is parsed out of it).
 */
import type { NodeReport, ReasonCount, ResultRow } from "../../shared/contract";
import type { FailedClause } from "../../shared/ddf/conditionClause";
import type { Store } from "../store/store";
import { aggregateReport } from "./aggregateReports";

export const REPORTED_KINDS: ReadonlySet<string> = new Set(["filter", "review", "judge", "mix", "export"]);
const EXAMPLES = 5;

/** The part of a drop or failure message that is the same for every item it happened to. */
export function reasonKey(nodeId: string, kind: string, message: string): string {
  let text = message.trim();
  const prefix = `${kind} ${nodeId}: `;
  if (text.startsWith(prefix)) text = text.slice(prefix.length);
  if (kind === "filter") {
    const at = text.lastIndexOf(" was false (");
    if (at >= 0 && text.endsWith(")")) text = text.slice(0, at + " was false".length);
  }
  return text || "(no reason given)";
}

interface ReasonRow {
  itemId: string;
  reason: string;
  values?: Record<string, unknown>;
}

/** Rows with a clause and rows with only a text never share a group, even if their texts look alike. */
export function groupReasons(rows: ReasonRow[]): ReasonCount[] {
  const by = new Map<string, ReasonCount>();
  for (const r of rows) {
    const key = `${r.values ? "clause" : "text"}:${r.reason}`;
    const g = by.get(key) ?? { reason: r.reason, count: 0, items: [], ...(r.values ? { values: [] } : {}) };
    g.count++;
    if (g.items.length < EXAMPLES) {
      g.items.push(r.itemId);
      if (r.values) g.values!.push(r.values);
    }
    by.set(key, g);
  }
  return [...by.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** The stored clause of a drop, or undefined for a row written before clauses were kept (or unreadable). */
function storedClause(json: string | null): FailedClause | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as FailedClause;
    return typeof v?.clause === "string" && v.values && typeof v.values === "object" ? v : undefined;
  } catch {
    return undefined;
  }
}

export function nodeReport(store: Store, runId: string, node: { id: string; kind: string; label?: string }): NodeReport {
  if (node.kind === "mix" || node.kind === "export") {
    const row = store.db.prepare("SELECT status, output, error FROM results WHERE run_id = ? AND node_id = ? LIMIT 1").get(runId, node.id) as
      | { status: string; output: string | null; error: string | null }
      | undefined;
    return aggregateReport({ id: node.id, kind: node.kind, label: node.label }, row && { ...row, output: row.output ? (JSON.parse(row.output) as Record<string, unknown>) : null });
  }
  const counts = Object.fromEntries(
    (store.db.prepare("SELECT status, COUNT(*) AS n FROM results WHERE run_id = ? AND node_id = ? GROUP BY status").all(runId, node.id) as { status: ResultRow["status"]; n: number }[]).map(
      (r) => [r.status, r.n],
    ),
  ) as Partial<Record<ResultRow["status"], number>>;
  const problems = store.db
    .prepare("SELECT item_id AS itemId, status, error, drop_clause AS dropClause FROM results WHERE run_id = ? AND node_id = ? AND status IN ('dropped', 'failed') ORDER BY seq, item_id")
    .all(runId, node.id) as { itemId: string; status: "dropped" | "failed"; error: string | null; dropClause: string | null }[];
  const reasons = (status: "dropped" | "failed") =>
    groupReasons(
      problems
        .filter((p) => p.status === status)
        .map((p) => {
          const c = status === "dropped" ? storedClause(p.dropClause) : undefined;
          return c ? { itemId: p.itemId, reason: c.clause, values: c.values } : { itemId: p.itemId, reason: reasonKey(node.id, node.kind, p.error ?? "") };
        }),
    );
  const out = (counts.done ?? 0) + (counts.cached ?? 0);
  const dropped = counts.dropped ?? 0;
  const pending = counts.pending ?? 0;
  const failed = counts.failed ?? 0;
  const report: NodeReport = {
    nodeId: node.id,
    kind: node.kind,
    ...(node.label ? { label: node.label } : {}),
    in: out + dropped + pending + failed,
    out,
    dropped,
    pending,
    failed,
    skipped: counts.skipped ?? 0,
    dropReasons: reasons("dropped"),
    failures: reasons("failed"),
  };
  if (node.kind === "judge") {
    const labels = store.db
      .prepare(
        `SELECT json_extract(output, '$.label') AS label, COUNT(*) AS n FROM results
         WHERE run_id = ? AND node_id = ? AND status IN ('done', 'cached') AND output IS NOT NULL GROUP BY label ORDER BY n DESC, label`,
      )
      .all(runId, node.id) as { label: string | null; n: number }[];
    report.labels = Object.fromEntries(labels.map((l) => [l.label ?? "(none)", l.n]));
  }
  return report;
}

/** Reports of every filter, review, judge, mix and export node of the run, in the pipeline's node order. */
export function runReports(store: Store, runId: string): NodeReport[] {
  const run = store.runs.get(runId);
  return run.doc.nodes.filter((n) => REPORTED_KINDS.has(n.kind)).map((n) => nodeReport(store, runId, n));
}
