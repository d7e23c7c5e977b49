/** The human report of `cascade compare`: the same numbers as the app's compare view, each named in words. */
import type { CompareResult, PairComparison } from "../../../shared/compare";
import { formatP } from "../../../shared/compare";

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
const pts = (v: number | null) => (v === null ? "—" : `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)} pts`);
const ms = (v: number | null) => (v === null ? "—" : `${Math.round(v)} ms`);
const ratio = (v: number | null, inf: string) => (v === null ? inf : v >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => "  " + r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
}

/** Local time as "2026-12-02 13:05:12". */
export function localTime(ms: number | null): string {
  if (ms === null) return "—";
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

const shorten = (s: string | null, max = 60) => (s === null ? "(none)" : s.length > max ? `${JSON.stringify(s.slice(0, max))}… (${s.length} chars)` : JSON.stringify(s));

function pairLines(p: PairComparison): string[] {
  const [A, B] = [p.baselineKey, p.otherKey];
  const c = p.counts;
  const out = [`${B} (${p.otherLabel}) vs ${A} (${p.baselineLabel}): ${p.n} paired items`];
  out.push(`  accuracy ${A} ${pct(p.accuracyA)} → ${B} ${pct(p.accuracyB)}, difference ${B} − ${A}: ${pts(p.difference)}`);
  if (p.bootstrap) {
    const b = p.bootstrap;
    out.push(
      `  ${Math.round(b.level * 100)}% bootstrap CI of the difference: ${pts(b.low)} to ${pts(b.high)} ` +
        `(${b.resamples.toLocaleString("en-US")} resamples, seed ${b.seed}; Monte Carlo error of the bounds ±${(b.mcError.low * 100).toFixed(2)} / ±${(b.mcError.high * 100).toFixed(2)} pts)`,
    );
  }
  const better = p.binary ? ["right, ", " wrong"] : ["higher than ", ""];
  out.push(
    `  ${A} ${better[0]}${B}${better[1]}: ${c.aBetter} (b) · ${B} ${better[0]}${A}${better[1]}: ${c.bBetter} (c)` +
      (c.bothRight !== null ? ` · both right: ${c.bothRight} · both wrong: ${c.bothWrong}` : ` · equal: ${c.ties}`),
  );
  out.push(`  ${p.test === "mcnemar-exact" ? "exact McNemar" : "exact sign test"} on the ${c.aBetter + c.bBetter} discordant items (b + c): ${formatP(p.mcnemar.p)}${p.pAdjusted !== p.mcnemar.p ? `, Holm-adjusted ${formatP(p.pAdjusted)}` : ""}`);
  const or = p.oddsRatio;
  if (c.aBetter + c.bBetter > 0) {
    out.push(`  odds ratio b/c = ${ratio(or.value, "∞")} (above 1: ${A} wins more of the discordant items), ${Math.round(or.level * 100)}% exact conditional CI ${ratio(or.low, "0")} to ${ratio(or.high, "∞")}`);
  }
  out.push(`  ${p.power.text}`);
  if (c.answersDiffer !== null) out.push(`  answers differ on ${c.answersDiffer} items`);
  if (p.onlyInA.length || p.onlyInB.length) out.push(`  unpaired: ${p.onlyInA.length} only in ${A}, ${p.onlyInB.length} only in ${B}`);
  if (p.excluded.length) out.push(`  left out: ${p.excluded.length} items never scored in ${A} or ${B}`);
  out.push(`  verdict: ${p.verdict.text}`);
  out.push(`    ${p.verdict.explanation}`);
  return out;
}

/** The human report. */
export function formatComparison(result: CompareResult): string[] {
  const lines: string[] = [];
  const keys = result.runs.map((r) => r.key);
  const by = result.runs[0]?.baselineBy;
  const why = by === "named" ? "named with --baseline" : by === "older" ? "the run that started first" : "the first run named";
  lines.push(`Runs (A is the baseline: ${why})`);
  lines.push(...table(result.runs.map((r) => [r.key, r.label, `run ${r.id.slice(0, 8)}`, localTime(r.startedAt), r.models.join(", ") || "—", r.status ?? ""])));
  if (result.warnings.length) lines.push("", "Warnings", ...result.warnings.map((w) => `  ! ${w}`));
  if (result.configDiff.length) {
    lines.push("", "What differs between the runs' configurations");
    for (const d of result.configDiff) lines.push(`  ${d.label}: ${d.values.map((v, i) => `${keys[i]} ${shorten(v)}`).join(" · ")}`);
  }
  const level = `${Math.round(result.settings.level * 100)}%`;
  const policy = result.settings.unscored === "wrong" ? "never-scored items count as wrong" : "never-scored items left out";
  lines.push("", `Accuracy${result.runs[0]?.scoreNodeId ? ` at ${result.runs[0].scoreNodeId}` : ""} (${level} Wilson interval; ${policy})`);
  lines.push(
    ...table([
      ["RUN", "ACCURACY", `${level} CI`, "CORRECT / N", "NEVER SCORED"],
      ...result.accuracy.map((a, i) => [keys[i], pct(a.value), a.low === null ? "—" : `${pct(a.low)} – ${pct(a.high)}`, `${Number(a.sum.toFixed(3))} / ${a.n}`, String(a.unscored.total)]),
    ]),
  );
  for (const cat of result.categories) {
    lines.push("", `Accuracy by ${cat.column} (${level} Wilson interval)`);
    lines.push(
      ...table([
        [cat.column.toUpperCase(), ...keys.flatMap((k) => [`${k} ACCURACY`, `${level} CI`, "N"])],
        ...cat.rows.map((row) => [row.value, ...row.accuracy.flatMap((a) => [pct(a.value), a.low === null ? "—" : `${pct(a.low)} – ${pct(a.high)}`, String(a.n)])]),
      ]),
    );
  }
  lines.push("", "Per node");
  const header = ["NODE", ...keys.flatMap((k) => [`${k}: mean latency`, "p95", "tokens", "errors"])];
  const body = result.nodes.map((row) => [
    row.label === row.nodeId ? row.nodeId : `${row.label} (${row.nodeId})`,
    ...row.cells.flatMap((c) => (c ? [ms(c.latency.mean), ms(c.latency.p95), String(c.totalTokens), c.errorRate === null ? "—" : pct(c.errorRate)] : ["—", "—", "—", "—"])),
  ]);
  lines.push(...table([header, ...body]));
  for (const p of result.pairs) lines.push("", ...pairLines(p));
  if (result.pairs.length > 1 && result.settings.adjust === "holm") lines.push("", `p-values are Holm-adjusted over the ${result.pairs.length} pairs (family-wise error ≤ α = ${result.settings.alpha}).`);
  return lines;
}
