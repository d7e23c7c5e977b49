/**
 * In/out of a mix or an export node, read from its one result row's report (src/main/engine/nodes/mix.ts,
 * export.ts). These count samples, not items (`unit: "samples"`): a mix takes samples from its branches, an export
 * writes records. A mix's dropped are its duplicates, rejected samples and those the ratio or total left out; an
 * export's are the samples it skipped. Both keep at most 100 rejected/skipped samples with their reasons, so
 * the rest is one group "... (reasons not kept)".
 */
import type { NodeReport, ReasonCount } from "../../shared/contract";

const EXAMPLES = 5;

interface Problem {
  id: string;
  error: string;
}

function grouped(problems: Problem[], total: number, prefix: string): ReasonCount[] {
  const by = new Map<string, ReasonCount>();
  for (const p of problems) {
    const reason = `${prefix}${p.error}`;
    const g = by.get(reason) ?? { reason, count: 0, items: [] };
    g.count++;
    if (g.items.length < EXAMPLES) g.items.push(p.id);
    by.set(reason, g);
  }
  const more = total - problems.length;
  if (more > 0) by.set("more", { reason: `${prefix}more (reasons not kept)`, count: more, items: [] });
  return [...by.values()];
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

export function aggregateReport(
  node: { id: string; kind: string; label?: string },
  row: { status: string; output: Record<string, unknown> | null; error: string | null } | undefined,
): NodeReport {
  const report: NodeReport = {
    nodeId: node.id,
    kind: node.kind,
    ...(node.label ? { label: node.label } : {}),
    unit: "samples",
    in: 0,
    out: 0,
    dropped: 0,
    pending: 0,
    failed: 0,
    skipped: row?.status === "skipped" ? 1 : 0,
    dropReasons: [],
    failures: row?.status === "failed" ? [{ reason: row.error ?? "(no reason given)", count: 1, items: [] }] : [],
  };
  if (!row || (row.status !== "done" && row.status !== "cached") || !row.output) return report;
  const out = row.output;
  const r = (out.report ?? {}) as Record<string, unknown>;
  if (node.kind === "mix") {
    const counts = Object.values((r.counts ?? {}) as Record<string, Record<string, unknown>>);
    const duplicates = counts.reduce((s, c) => s + num(c.duplicates), 0);
    const left = counts.reduce((s, c) => s + num(c.available) - num(c.taken), 0);
    const rejected = ((r.rejected ?? []) as { branch: string; itemId: string; error: string }[]).map((x) => ({ id: x.itemId, error: `${x.branch}: ${x.error}` }));
    report.out = num(out.count);
    report.dropReasons = [
      ...(duplicates ? [{ reason: "duplicate", count: duplicates, items: [] }] : []),
      ...(left ? [{ reason: "not taken (the mix's ratio or total)", count: left, items: [] }] : []),
      ...grouped(rejected, num(r.rejectedTotal), "rejected: "),
    ];
  } else {
    report.out = num(out.records);
    report.dropReasons = grouped((r.skipped ?? []) as Problem[], num(r.skippedTotal), "skipped: ");
  }
  report.dropReasons.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  report.dropped = report.dropReasons.reduce((s, g) => s + g.count, 0);
  report.in = report.out + report.dropped;
  return report;
}
