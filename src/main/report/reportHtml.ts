/**
 * The self-contained HTML report (`cascade report`): one file, no server, no network — styles, the script, the
 * SVG charts and the thumbnails are inline. The numbers are the comparison's (the same as `cascade compare`).
 */
import { formatP, type CompareResult, type PairComparison } from "../../shared/compare";
import { esc, scriptJson } from "./escape";
import type { ReportData } from "./reportData";
import { ITEMS_SCRIPT } from "./reportScript";
import { REPORT_CSS } from "./reportStyles";
import { accuracyChart, latencyChart, pipelineGraph, runColor } from "./reportSvg";

/** The version of the report's layout and embedded data (what a reader of the HTML may rely on). */
export const REPORT_FORMAT_VERSION = 1;

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
const pts = (v: number | null) => (v === null ? "—" : `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)} pts`);
const ms = (v: number | null) => (v === null ? "—" : `${Math.round(v).toLocaleString("en-US")} ms`);
const usd = (v: number | null) => (v === null ? "unknown" : `$${v.toFixed(v < 1 ? 4 : 2)}`);
const time = (v: number | null) => (v === null ? "—" : new Date(v).toISOString().replace("T", " ").slice(0, 19) + " UTC");
const table = (head: string[], rows: string[][], numeric: (i: number) => boolean = () => false) =>
  `<table><thead><tr>${head.map((h, i) => `<th${numeric(i) ? ' class="num"' : ""}>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric(i) ? ' class="num"' : ""}>${c}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;

function runsTable(result: CompareResult): string {
  return table(
    ["", "run", "label", "started", "models", "status"],
    result.runs.map((r, i) => [`<span class="swatch" style="background:${runColor(i)}"></span>${esc(r.key)}`, esc(r.id), esc(r.label), esc(time(r.startedAt)), esc(r.models.join(", ") || "—"), esc(r.status ?? "")]),
  );
}

function accuracySection(result: CompareResult): string {
  const level = `${Math.round(result.settings.level * 100)}%`;
  const policy = result.settings.unscored === "wrong" ? "never-scored items count as wrong" : "never-scored items left out";
  const rows = result.accuracy.map((a, i) => [esc(result.runs[i].key), pct(a.value), a.low === null ? "—" : `${pct(a.low)} – ${pct(a.high)}`, `${Number(a.sum.toFixed(3))} / ${a.n}`, String(a.unscored.total), esc(a.method)]);
  return `<h2>Accuracy${result.runs[0]?.scoreNodeId ? ` at ${esc(result.runs[0].scoreNodeId)}` : ""}</h2><p class="note">${level} intervals (Wilson for 0/1 scores); ${policy}.</p>${accuracyChart(result)}${table(["run", "accuracy", `${level} CI`, "correct / n", "never scored", "interval"], rows, (i) => i > 0 && i < 5)}`;
}

function pairSection(p: PairComparison): string {
  const c = p.counts;
  const b = p.bootstrap;
  const lines = [
    `<h3>${esc(p.otherKey)} (${esc(p.otherLabel)}) vs ${esc(p.baselineKey)} (${esc(p.baselineLabel)}): ${p.n} paired items</h3>`,
    `<p>accuracy ${esc(p.baselineKey)} ${pct(p.accuracyA)} → ${esc(p.otherKey)} ${pct(p.accuracyB)}, difference ${pts(p.difference)}</p>`,
    b ? `<p>${Math.round(b.level * 100)}% paired bootstrap CI of the difference: ${pts(b.low)} to ${pts(b.high)} (${b.resamples.toLocaleString("en-US")} resamples, seed ${b.seed})</p>` : "",
    `<p>${esc(p.baselineKey)} better: ${c.aBetter} (b) · ${esc(p.otherKey)} better: ${c.bBetter} (c)${c.bothRight !== null ? ` · both right: ${c.bothRight} · both wrong: ${c.bothWrong}` : ` · equal: ${c.ties}`}</p>`,
    `<p>${p.test === "mcnemar-exact" ? "exact McNemar" : "exact sign test"} on the ${c.aBetter + c.bBetter} discordant items: ${esc(formatP(p.mcnemar.p))}${p.pAdjusted !== p.mcnemar.p ? `, Holm-adjusted ${esc(formatP(p.pAdjusted))}` : ""}</p>`,
    `<p class="note">${esc(p.power.text)}</p>`,
    `<p class="verdict">${esc(p.verdict.text)}</p><p class="note">${esc(p.verdict.explanation)}</p>`,
  ];
  return `<div class="pair">${lines.join("")}</div>`;
}

function categorySections(result: CompareResult): string {
  const level = `${Math.round(result.settings.level * 100)}%`;
  return result.categories
    .map((cat) => {
      const head = [cat.column, ...result.runs.flatMap((r) => [`${r.key} accuracy`, `${level} CI`, "n"])];
      const rows = cat.rows.map((row) => [esc(row.value), ...row.accuracy.flatMap((a) => [pct(a.value), a.low === null ? "—" : `${pct(a.low)} – ${pct(a.high)}`, String(a.n)])]);
      return `<h3>Accuracy by ${esc(cat.column)}</h3>${table(head, rows, (i) => i > 0)}`;
    })
    .join("");
}

function nodeSection(result: CompareResult): string {
  const head = ["node", ...result.runs.flatMap((r) => [`${r.key} mean`, "p95", "calls", "cached", "tokens", "cost", "errors"])];
  const rows = result.nodes.map((n) => [
    esc(n.label === n.nodeId ? n.nodeId : `${n.label} (${n.nodeId})`),
    ...n.cells.flatMap((c) => (c ? [ms(c.latency.mean), ms(c.latency.p95), String(c.calls), c.cacheHits === null ? "—" : String(c.cacheHits), c.totalTokens.toLocaleString("en-US"), usd(c.costUsd), c.errorRate === null ? "—" : pct(c.errorRate)] : Array(7).fill("—"))),
  ]);
  return `<h2>Per node: latency and cost</h2>${latencyChart(result)}${table(head, rows, (i) => i > 0)}`;
}

function graphs(data: ReportData): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  data.docs.forEach((doc, i) => {
    const key = JSON.stringify({ n: doc.nodes, e: doc.edges });
    if (seen.has(key)) return;
    seen.add(key);
    const runs = data.result.runs.filter((_, j) => JSON.stringify({ n: data.docs[j].nodes, e: data.docs[j].edges }) === key).map((r) => r.key);
    parts.push(`<h3>${esc(doc.name)} (run${runs.length > 1 ? "s" : ""} ${esc(runs.join(", "))})</h3><div class="graph-box">${pipelineGraph(doc)}</div>`);
    void i;
  });
  return `<h2>Pipeline</h2>${parts.join("")}`;
}

function itemsSection(data: ReportData): string {
  const head = ["", "item", ...data.columns, ...data.result.runs.map((r) => `${r.key}: answer`)];
  const differ = data.result.runs.length > 1 ? `<label><input type="checkbox" id="items-differ"> only items the runs score differently</label>` : "";
  return `<h2>Items</h2><p class="note">${data.items.length.toLocaleString("en-US")} items; each run's scored answer (✓ right, ✗ wrong, — never scored); texts cut at 160 characters; thumbnails for the first ${data.thumbnails} items with an image.</p>
<div class="controls"><input type="search" id="items-search" placeholder="Search items, texts and answers" aria-label="search items">${differ}<button id="items-prev" type="button">‹ Previous</button><button id="items-next" type="button">Next ›</button><span id="items-info" class="note"></span></div>
<table id="items"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody id="items-body"></tbody></table>
<script type="application/json" id="items-data">${scriptJson({ items: data.items })}</script>`;
}

export function reportHtml(data: ReportData, app: { version: string; now: number }): string {
  const { result } = data;
  const title = result.runs.length === 1 ? `Run ${result.runs[0].label}` : `${result.runs.map((r) => r.label).join(" vs ")}`;
  const warnings = result.warnings.map((w) => `<div class="warn">${esc(w)}</div>`).join("");
  const diff = result.configDiff.length
    ? `<h3>What differs between the runs' configurations</h3>${table(["setting", ...result.runs.map((r) => r.key)], result.configDiff.map((d) => [esc(d.label), ...d.values.map((v) => esc(v === null ? "(none)" : v.length > 120 ? `${v.slice(0, 119)}…` : v))]))}`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Cascade Studio ${esc(app.version)}; report format ${REPORT_FORMAT_VERSION}">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${esc(title)} — Cascade Studio report</title><style>${REPORT_CSS}</style></head>
<body><main>
<h1>${esc(title)}</h1>
<p class="meta">Written by Cascade Studio ${esc(app.version)} (report format ${REPORT_FORMAT_VERSION}) on ${esc(time(app.now))}. Numbers as <code>cascade compare</code> computes them.</p>
<h2>Runs</h2>${runsTable(result)}${warnings}${diff}
${accuracySection(result)}
${categorySections(result)}
${result.pairs.length ? `<h2>Paired tests</h2>${result.pairs.map(pairSection).join("")}` : ""}
${nodeSection(result)}
${graphs(data)}
${itemsSection(data)}
</main><script>${ITEMS_SCRIPT}</script></body></html>
`;
}
