/** The human report of `cascade sweep`: the preview, the results matrix, the pairs and the best cell. */
import type { Cell } from "../../../shared/experiment/cells";
import { cellName, cellText } from "../../../shared/experiment/cells";
import type { ExperimentMatrix } from "../../../shared/experiment/matrix";
import { formatP } from "../../../shared/compare/verdict";
import type { SweepPreview } from "../../experiment/sweepPreview";
import type { CellOutcome } from "../../experiment/runSweep";

const usd = (v: number | null) => (v === null ? "unknown" : `$${v.toFixed(4)}`);
const pad = (s: string, n: number) => s.padEnd(n);

/** The verdict in the cells' names (the runs' labels are long). */
function verdictWords(names: [string, string], v: { significant: boolean; better: "a" | "b" | null; refused: boolean; text: string }): string {
  if (v.refused) return v.text;
  if (!v.significant || !v.better) return "no significant difference";
  return v.better === "b" ? `${names[1]} is better than ${names[0]}` : `${names[0]} is better than ${names[1]}`;
}

/** The calls a preview says will be sent: exact, or a range when some are conditional (see SweepPreview). */
function sentText(calls: number, cacheHits: number, conditional: number): string {
  const most = calls - cacheHits;
  return conditional ? `${most - conditional}–${most} sent (${conditional} only if replies not cached yet call for them)` : `${most} sent`;
}

export function previewLines(cells: readonly Cell[], p: SweepPreview): string[] {
  const lines = [`Preview: ${cells.length} cells · ${p.calls} calls, ${p.cacheHits} of them cache hits, ${sentText(p.calls, p.cacheHits, p.conditionalCalls)} · ≈${p.inputTokens} input + ${p.outputTokens} output tokens · cost ≈ ${usd(p.costUsd)}`];
  for (const c of p.cells) {
    const models = c.models.map((m) => `${m.model} ${sentText(m.calls, m.cacheHits, m.conditionalCalls).replace(/ \(.*\)$/, "")}`).join(", ");
    lines.push(`  ${pad(cellName(c.cell), 4)} ${cellText(cells[c.cell])}: ${c.calls} calls, ${c.cacheHits} cache hits (${c.sharedWithEarlier} made by an earlier cell), ${models}, ≈${c.inputTokens + c.outputTokens} tokens, ${usd(c.costUsd)}${c.estimated ? " (estimated)" : ""}`);
  }
  return lines;
}

export function matrixLines(cells: readonly Cell[], m: ExperimentMatrix, outcomes: readonly CellOutcome[]): string[] {
  const pct = Math.round(m.level * 100);
  const lines = ["", `Cells (accuracy with ${pct}% interval; calls made, cache hits, tokens, cost, errors, latency)`];
  for (const r of m.rows) {
    const a = r.accuracy;
    const acc = a.value === null ? "no scored item" : `${a.value.toFixed(3)} [${a.low?.toFixed(3)}, ${a.high?.toFixed(3)}] n=${a.n}`;
    lines.push(`  ${pad(r.name, 4)} ${pad(acc, 30)} ${r.calls} calls, ${r.cacheHits} cached, ${r.inputTokens + r.outputTokens} tokens, ${usd(r.costUsd)}, ${r.errors} errors, ${r.latencyMs === null ? "latency —" : `${Math.round(r.latencyMs)} ms`}  run ${r.runId}  ${cellText(cells[r.cell])}`);
  }
  for (const cat of m.categories) {
    lines.push("", `Accuracy by ${cat.column}`);
    for (const row of cat.rows) lines.push(`  ${pad(row.value, 16)} ${row.accuracy.map((a, i) => `${m.rows[i].name} ${a.value === null ? "—" : a.value.toFixed(3)} (n=${a.n})`).join("  ")}`);
  }
  const left = outcomes.filter((o) => o.leftOut);
  if (left.length) {
    lines.push("", "Left out of the matrix");
    for (const o of left) lines.push(`  ${pad(cellName(o.cell), 4)} ${cellText(cells[o.cell])}: ${o.leftOut}`);
  }
  if (m.pairs.length) {
    lines.push("", `Pairs (exact paired test, p Holm-adjusted over the ${m.pairs.length} pairs, α = ${m.alpha})`);
    for (const p of m.pairs) {
      const c = p.comparison;
      const diff = c.difference === null ? "—" : `${c.difference > 0 ? "+" : ""}${(c.difference * 100).toFixed(1)} pts`;
      lines.push(`  ${p.names[1]} vs ${p.names[0]}: ${c.n} paired, ${diff}, only ${p.names[0]} right ${c.counts.aBetter}, only ${p.names[1]} right ${c.counts.bBetter}, ${formatP(c.mcnemar.p, m.alpha)}, adjusted ${formatP(c.pAdjusted, m.alpha)} · ${verdictWords(p.names, c.verdict)}`);
    }
  }
  lines.push("", `Best: ${m.best.text}`);
  return lines;
}
