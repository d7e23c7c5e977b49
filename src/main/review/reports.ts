/**
 * Per filter, review and judge node of a run: items in, out, dropped (reasons grouped with counts), pending,
 * failed. A drop is grouped by its reason as data (results.drop_reason, shared/dropReason.ts): a filter's by
 * its failing clause, with the values of its first items; a reviewer's rejection by its note. Failures, and
 * drops written before reasons were data, have only their text: grouped without the "<kind> <node>:" prefix
 * (and, for a filter drop of that age, without its "(label=..., score=...)" values).
 */
import type { NodeReport, ReasonCount } from "../../shared/contract";
import { dropGroupText } from "../../shared/dropReason";
import type { Store } from "../store/store";
import { aggregateReport } from "./aggregateReports";
import { getKind } from "../../shared/nodes/registry";

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

export function nodeReport(store: Store, runId: string, node: { id: string; kind: string; label?: string }): NodeReport {
  const shape = getKind(node.kind)?.report;
  if (shape === "samples") {
    return aggregateReport({ id: node.id, kind: node.kind, label: node.label }, store.reports.aggregateRow(runId, node.id));
  }
  const counts = store.reports.statusCounts(runId, node.id);
  const problems = store.reports.problems(runId, node.id);
  const reasons = (status: "dropped" | "failed") =>
    groupReasons(
      problems
        .filter((p) => p.status === status)
        .map((p) => {
          const d = p.dropReason;
          if (!d) return { itemId: p.itemId, reason: reasonKey(node.id, node.kind, p.error ?? "") };
          return d.code === "condition-false" ? { itemId: p.itemId, reason: dropGroupText(d), values: d.values.read } : { itemId: p.itemId, reason: dropGroupText(d) };
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
  if (shape === "labels") {
    const labels = store.reports.labelCounts(runId, node.id);
    report.labels = Object.fromEntries(labels.map((l) => [l.label ?? "(none)", l.n]));
  }
  return report;
}

/** Reports of every node whose kind reports (filter, review, judge, mix, export), in the pipeline's node order. */
export function runReports(store: Store, runId: string): NodeReport[] {
  const run = store.runs.get(runId);
  return run.doc.nodes.filter((n) => getKind(n.kind)?.report).map((n) => nodeReport(store, runId, n));
}
