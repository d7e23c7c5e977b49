/** Human lines of `cascade run`'s summary for filter, review and judge nodes: in → out, drops and why, items waiting for review. */
import type { NodeReport, ReasonCount } from "../../shared/contract";
import { formatClauseValues } from "../../shared/ddf/conditionClause";

const cut = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

/** `dropped 3× label == "sound" (e.g. a1: label="flawed"; a4: label="unsure")`; an older run's text as it is. */
function dropLine(g: ReasonCount): string {
  const line = `    dropped ${g.count}× ${cut(g.reason, 100)}`;
  if (!g.values?.length) return line;
  const examples = g.values.slice(0, 2).map((v, i) => `${g.items[i]}: ${formatClauseValues(v)}`);
  return `${line} (e.g. ${cut(examples.join("; "), 160)})`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function reportLines(reports: NodeReport[], runId: string, dbPath: string): string[] {
  const lines: string[] = [];
  for (const r of reports) {
    if (r.in === 0 && r.skipped === 0) continue;
    const parts = [`${r.in}${r.unit ? ` ${r.unit}` : ""} in`, `${r.out} out`];
    if (r.dropped) parts.push(`${r.dropped} dropped`);
    if (r.pending) parts.push(`${r.pending} pending`);
    if (r.failed) parts.push(`${r.failed} failed`);
    lines.push(`  ${r.kind} ${r.nodeId}: ${parts.join(", ")}`);
    for (const g of r.dropReasons.slice(0, 3)) lines.push(dropLine(g));
    if (r.dropReasons.length > 3) lines.push(`    … and ${plural(r.dropReasons.length - 3, "other reason")}`);
  }
  for (const r of reports.filter((x) => x.kind === "review" && x.pending > 0)) {
    lines.push(
      `  ${plural(r.pending, "item")} pending review at ${r.nodeId}: decide in the app or with \`cascade review ${runId} --node ${r.nodeId} --decisions FILE --db ${dbPath}\`, then run again`,
    );
  }
  return lines;
}
