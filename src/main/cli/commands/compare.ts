/** cascade compare: two or more runs side by side, with the paired significance of the accuracy difference. */
import { compareRuns, formatP, type CompareResult } from "../../../shared/compare";
import { loadRunForCompare } from "../../compare/loadRunForCompare";
import { openCliStore } from "../openCliStore";
import type { Command } from "../command";
import { parseCommandArgs, UsageError } from "../command";

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
const ms = (v: number | null) => (v === null ? "—" : `${Math.round(v)} ms`);

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
}

/** The human report; the same numbers as the app's compare view. */
export function formatComparison(result: CompareResult): string[] {
  const lines: string[] = [];
  const names = result.runs.map((r) => r.label);
  lines.push("Accuracy");
  lines.push(
    ...table([
      ["RUN", "ACCURACY", "95% CI", "N"],
      ...result.accuracy.map((a, i) => [names[i], pct(a.value), a.low === null ? "—" : `${pct(a.low)} – ${pct(a.high)}`, String(a.n)]),
    ]),
  );
  lines.push("", "Per node");
  const header = ["NODE", ...names.flatMap((n) => [`${n}: mean latency`, "p95", "tokens", "errors"])];
  const body = result.nodes.map((row) => [
    row.nodeId,
    ...row.cells.flatMap((c) =>
      c ? [ms(c.latency.mean), ms(c.latency.p95), String(c.totalTokens), c.errorRate === null ? "—" : pct(c.errorRate)] : ["—", "—", "—", "—"],
    ),
  ]);
  lines.push(...table([header, ...body]));
  for (const p of result.pairs) {
    lines.push("", `${p.otherLabel} vs ${p.baselineLabel} (${p.n} paired items)`);
    lines.push(`  accuracy ${pct(p.accuracyA)} → ${pct(p.accuracyB)}  difference ${p.difference === null ? "—" : `${(p.difference * 100).toFixed(1)} pts`}`);
    if (p.bootstrap) lines.push(`  bootstrap ${Math.round(p.bootstrap.level * 100)}% CI of the difference: ${(p.bootstrap.low * 100).toFixed(1)} to ${(p.bootstrap.high * 100).toFixed(1)} pts`);
    lines.push(`  ${p.test === "mcnemar-exact" ? "exact McNemar" : "exact sign test"}: b = ${p.counts.aBetter}, c = ${p.counts.bBetter}, ${formatP(p.mcnemar.p)}`);
    if (p.counts.answersDiffer !== null) lines.push(`  answers differ on ${p.counts.answersDiffer} items`);
    if (p.onlyInA.length || p.onlyInB.length) lines.push(`  unpaired: ${p.onlyInA.length} only in ${p.baselineLabel}, ${p.onlyInB.length} only in ${p.otherLabel}`);
    lines.push(`  verdict: ${p.verdict.text}`);
  }
  return lines;
}

export const compareCommand: Command = {
  name: "compare",
  summary: "compare runs: accuracy, latency, tokens, errors, exact McNemar and bootstrap CI",
  usage: "cascade compare <runA> <runB> [run...] [--node ID] [--db FILE] [--json]",
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { node: { type: "string" }, db: { type: "string" }, json: { type: "boolean" } });
    if (positionals.length < 2) throw new UsageError("name at least two runs (ids or unique prefixes; see `cascade runs`)");
    const store = openCliStore(values.db, "read");
    try {
      const runs = positionals.map((id) => loadRunForCompare(store, id, values.node));
      const result = compareRuns(runs);
      if (values.json) io.out(JSON.stringify(result, null, 2));
      else for (const line of formatComparison(result)) io.out(line);
      return 0;
    } finally {
      store.close();
    }
  },
};
