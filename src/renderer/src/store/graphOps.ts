/**
 * Edits of the graph as immer recipes (they mutate a draft). Pure: no store, no React; unit-tested.
 */
import { getKind } from "../../../shared/nodes/registry";
import type { NodeDoc, PipelineDoc } from "../../../shared/pipeline/schema";
import { connectionRefusal } from "../../../shared/ports";
import { dropEmptyGroups } from "./groupOps";
import { nextEdgeId, nextNodeId } from "./ids";
import { findPort } from "./ports";

export interface XY {
  x: number;
  y: number;
}

export interface ConnectionSpec {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

/** Whole pixels; never -0 (it would not survive a save: JSON writes it as 0). */
function gridPoint(p: XY): XY {
  return { x: Math.round(p.x) || 0, y: Math.round(p.y) || 0 };
}

/** Adds a node of `kind` with its default config; returns the new id. */
export function addNode(draft: PipelineDoc, kind: string, position: XY): string {
  const def = getKind(kind);
  if (!def) throw new Error(`unknown node kind "${kind}"`);
  const id = nextNodeId(draft, kind);
  const node: NodeDoc = { id, kind, position: gridPoint(position), config: def.defaultConfig() as Record<string, unknown> };
  draft.nodes.push(node);
  return id;
}

/** True when `from` can reach `to` following edges (so an edge to → from would close a cycle). */
export function reaches(doc: PipelineDoc, from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of doc.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

/** Why this connection cannot be made, or null. */
export function refuseConnection(doc: PipelineDoc, c: ConnectionSpec): string | null {
  const src = doc.nodes.find((n) => n.id === c.source);
  const dst = doc.nodes.find((n) => n.id === c.target);
  if (!src || !dst) return "both ends must be nodes of this pipeline";
  if (src.id === dst.id) return "a node cannot feed itself";
  const out = findPort(src, "output", c.sourcePort);
  const inp = findPort(dst, "input", c.targetPort);
  if (!out) return `${src.id} has no output "${c.sourcePort}"`;
  if (!inp) return `${dst.id} has no input "${c.targetPort}"`;
  const typeRefusal = connectionRefusal(out.type, inp.type);
  if (typeRefusal) return `${src.id}.${out.name} → ${dst.id}.${inp.name}: ${typeRefusal}`;
  if (reaches(doc, dst.id, src.id)) return `${src.id} → ${dst.id} would close a cycle`;
  return null;
}

/** Connects, replacing any edge already feeding the same input. Returns the edge id. */
export function connect(draft: PipelineDoc, c: ConnectionSpec): string {
  draft.edges = draft.edges.filter((e) => !(e.target === c.target && e.targetPort === c.targetPort));
  const id = nextEdgeId(draft, c.source, c.sourcePort, c.target, c.targetPort);
  draft.edges.push({ id, source: c.source, sourcePort: c.sourcePort, target: c.target, targetPort: c.targetPort });
  return id;
}

export function removeNodes(draft: PipelineDoc, ids: Iterable<string>): void {
  const gone = new Set(ids);
  if (gone.size === 0) return;
  draft.nodes = draft.nodes.filter((n) => !gone.has(n.id));
  draft.edges = draft.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target));
  dropEmptyGroups(draft);
}

export function removeEdges(draft: PipelineDoc, ids: Iterable<string>): void {
  const gone = new Set(ids);
  if (gone.size === 0) return;
  draft.edges = draft.edges.filter((e) => !gone.has(e.id));
}

export function moveNodes(draft: PipelineDoc, positions: ReadonlyMap<string, XY>): void {
  for (const node of draft.nodes) {
    const p = positions.get(node.id);
    if (p && (node.position.x !== p.x || node.position.y !== p.y)) node.position = gridPoint(p);
  }
}

/**
 * The nearest place to `p` on a grid of node-sized steps (below and to the right first on ties) where a node
 * of about `size` does not overlap an existing node (whose size is taken to be the same); for click-to-add.
 */
export function freeSpot(doc: PipelineDoc, p: XY, size = { width: 256, height: 150 }, gap = 48): XY {
  const dx = size.width + gap;
  const dy = size.height + gap;
  const overlaps = (q: XY) => doc.nodes.some((n) => Math.abs(n.position.x - q.x) < size.width + gap / 2 && Math.abs(n.position.y - q.y) < size.height + gap / 2);
  const candidates: { q: XY; d: number; i: number; j: number }[] = [];
  for (let i = -6; i <= 6; i++) {
    for (let j = -6; j <= 6; j++) {
      const q = { x: p.x + i * dx, y: p.y + j * dy };
      candidates.push({ q, d: Math.hypot(i * dx, j * dy), i, j });
    }
  }
  candidates.sort((a, b) => a.d - b.d || b.j - a.j || b.i - a.i);
  return candidates.find((c) => !overlaps(c.q))?.q ?? p;
}
