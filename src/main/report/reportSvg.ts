/** The report's pictures as inline SVG strings: accuracy with its intervals, latency per node, the pipeline graph. */
import type { CompareResult } from "../../shared/compare";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import { esc } from "./escape";

const COLORS = ["#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2"];
export const runColor = (i: number) => COLORS[i % COLORS.length];
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** One bar per run: the accuracy, with the confidence interval as a whisker. */
export function accuracyChart(result: CompareResult): string {
  const row = 30;
  const left = 170;
  const width = 360;
  const h = result.accuracy.length * row + 30;
  const x = (v: number) => left + v * width;
  const parts = [0, 0.25, 0.5, 0.75, 1].map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="4" y2="${h - 22}" class="grid"/><text x="${x(t)}" y="${h - 8}" class="tick">${t * 100}%</text>`);
  result.accuracy.forEach((a, i) => {
    const y = 8 + i * row;
    const run = result.runs[i];
    parts.push(`<text x="${left - 8}" y="${y + 15}" class="label">${esc(`${run.key} · ${run.label}`.slice(0, 26))}</text>`);
    if (a.value === null) {
      parts.push(`<text x="${left + 4}" y="${y + 15}" class="bar-value">no scored item</text>`);
      return;
    }
    parts.push(`<rect x="${left}" y="${y + 4}" width="${(a.value * width).toFixed(1)}" height="16" fill="${runColor(i)}" rx="2"><title>${esc(`${run.key}: ${pct(a.value)}`)}</title></rect>`);
    if (a.low !== null && a.high !== null) {
      parts.push(`<line x1="${x(a.low)}" x2="${x(a.high)}" y1="${y + 12}" y2="${y + 12}" class="ci"/><line x1="${x(a.low)}" x2="${x(a.low)}" y1="${y + 6}" y2="${y + 18}" class="ci"/><line x1="${x(a.high)}" x2="${x(a.high)}" y1="${y + 6}" y2="${y + 18}" class="ci"/>`);
    }
    parts.push(`<text x="${x(a.high ?? a.value) + 6}" y="${y + 16}" class="value">${pct(a.value)}</text>`);
  });
  return `<svg class="chart" role="img" aria-label="accuracy per run with ${Math.round(result.settings.level * 100)}% intervals" viewBox="0 0 ${left + width + 70} ${h}" width="${left + width + 70}" height="${h}">${parts.join("")}</svg>`;
}

/** Mean latency per node, one bar per run. */
export function latencyChart(result: CompareResult): string {
  const rows = result.nodes.filter((n) => n.cells.some((c) => c && c.latency.mean !== null && c.calls + (c.cacheHits ?? 0) > 0));
  if (!rows.length) return "";
  const max = Math.max(1, ...rows.flatMap((n) => n.cells.map((c) => c?.latency.mean ?? 0)));
  const bar = 12;
  const group = result.runs.length * bar + 12;
  const left = 170;
  const width = 340;
  const h = rows.length * group + 10;
  const parts: string[] = [];
  rows.forEach((n, r) => {
    const y = 6 + r * group;
    parts.push(`<text x="${left - 8}" y="${y + group / 2}" class="label">${esc(n.label.slice(0, 24))}</text>`);
    n.cells.forEach((c, i) => {
      const mean = c?.latency.mean;
      if (mean == null) return;
      const w = (mean / max) * width;
      parts.push(`<rect x="${left}" y="${y + i * bar}" width="${w.toFixed(1)}" height="${bar - 2}" fill="${runColor(i)}"><title>${esc(`${result.runs[i].key} ${n.label}: ${Math.round(mean)} ms`)}</title></rect>`);
      parts.push(`<text x="${left + w + 4}" y="${y + i * bar + 9}" class="bar-value">${Math.round(mean)} ms</text>`);
    });
  });
  return `<svg class="chart" role="img" aria-label="mean latency per node" viewBox="0 0 ${left + width + 80} ${h}" width="${left + width + 80}" height="${h}">${parts.join("")}</svg>`;
}

/** Node positions: the canvas's, or by depth when the document has none (every node at one point). */
function positions(doc: PipelineDoc): Map<string, { x: number; y: number }> {
  const at = new Map(doc.nodes.map((n) => [n.id, { x: n.position?.x ?? 0, y: n.position?.y ?? 0 }]));
  const distinct = new Set([...at.values()].map((p) => `${p.x},${p.y}`));
  if (distinct.size === doc.nodes.length) return at;
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen = new Set<string>()): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (seen.has(id)) return 0;
    seen.add(id);
    const parents = doc.edges.filter((e) => e.target === id).map((e) => e.source);
    const d = parents.length ? 1 + Math.max(...parents.map((p) => depthOf(p, seen))) : 0;
    depth.set(id, d);
    return d;
  };
  const rowsAt = new Map<number, number>();
  for (const n of doc.nodes) {
    const d = depthOf(n.id);
    const row = rowsAt.get(d) ?? 0;
    rowsAt.set(d, row + 1);
    at.set(n.id, { x: d * 220, y: row * 90 });
  }
  return at;
}

/** The pipeline as boxes and arrows, laid out from the node positions. */
export function pipelineGraph(doc: PipelineDoc): string {
  const W = 170;
  const H = 46;
  const at = positions(doc);
  const xs = [...at.values()].map((p) => p.x);
  const ys = [...at.values()].map((p) => p.y);
  const [minX, minY] = [Math.min(...xs, 0), Math.min(...ys, 0)];
  const width = Math.max(...xs, 0) - minX + W + 20;
  const height = Math.max(...ys, 0) - minY + H + 20;
  const p = (id: string) => {
    const q = at.get(id) ?? { x: 0, y: 0 };
    return { x: q.x - minX + 10, y: q.y - minY + 10 };
  };
  const edges = doc.edges.map((e) => {
    const s = p(e.source);
    const t = p(e.target);
    const [x1, y1, x2, y2] = [s.x + W, s.y + H / 2, t.x, t.y + H / 2];
    const dx = Math.max(30, Math.abs(x2 - x1) / 2);
    return `<path d="M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}" class="edge" marker-end="url(#arrow)"><title>${esc(`${e.source}.${e.sourcePort} → ${e.target}.${e.targetPort}`)}</title></path>`;
  });
  const nodes = doc.nodes.map((n) => {
    const q = p(n.id);
    const full = n.label || n.id;
    const name = full.length > 20 ? `${full.slice(0, 19)}…` : full;
    return `<g class="node kind-${esc(n.kind)}"><title>${esc(`${full} (${n.kind}, ${n.id})`)}</title><rect x="${q.x}" y="${q.y}" width="${W}" height="${H}" rx="6"/><text x="${q.x + 10}" y="${q.y + 19}" class="node-name">${esc(name)}</text><text x="${q.x + 10}" y="${q.y + 36}" class="node-kind">${esc(n.kind)}${n.label ? ` · ${esc(n.id.slice(0, 16))}` : ""}</text></g>`;
  });
  return `<svg class="graph" role="img" aria-label="pipeline ${esc(doc.name)}" viewBox="0 0 ${width} ${height}" width="${Math.min(width, 1100)}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow"/></marker></defs>${edges.join("")}${nodes.join("")}</svg>`;
}
