/**
 * Auto-layout with dagre (layered, left to right: a cascade reads as a chain of steps). Pure: takes the
 * document and node sizes, returns new top-left positions (snapped to the 16 px grid); members of a group are
 * laid out as one cluster (dagre's compound graph), so a frame stays compact.
 */
import dagre from "@dagrejs/dagre";
import type { XY } from "../store/graphOps";
import { estimatedHeight, NODE_WIDTH, type Size } from "./deriveFlow";

const snap = (v: number) => Math.round(v / 16) * 16;

export interface LayoutInput {
  nodes: { id: string; kind: string; config: Record<string, unknown>; group?: string; position?: XY }[];
  edges: { source: string; target: string }[];
}

function sizeOf(node: LayoutInput["nodes"][number], measured?: ReadonlyMap<string, Size>): Size {
  const m = measured?.get(node.id);
  if (m) return m;
  let height = 120;
  try {
    height = estimatedHeight({ ...node, position: node.position ?? { x: 0, y: 0 } });
  } catch {
    /* a config not valid yet: a typical height */
  }
  return { width: NODE_WIDTH, height };
}

export function layoutPositions(doc: LayoutInput, measured?: ReadonlyMap<string, Size>, origin: XY = { x: 0, y: 0 }): Map<string, XY> {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 96, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(doc.nodes.map((n) => n.id));
  const groups = new Set(doc.nodes.map((n) => n.group).filter((x): x is string => !!x));
  for (const grp of groups) g.setNode(`group:${grp}`, {});
  for (const n of doc.nodes) {
    g.setNode(n.id, sizeOf(n, measured));
    if (n.group) g.setParent(n.id, `group:${n.group}`);
  }
  doc.edges.forEach((e, i) => {
    if (ids.has(e.source) && ids.has(e.target)) g.setEdge(e.source, e.target, {}, `e${i}`);
  });
  dagre.layout(g);
  const out = new Map<string, XY>();
  for (const n of doc.nodes) {
    const p = g.node(n.id) as { x: number; y: number; width: number; height: number };
    // dagre gives centres.
    out.set(n.id, { x: snap(origin.x + p.x - p.width / 2), y: snap(origin.y + p.y - p.height / 2) });
  }
  return out;
}

/** True when the nodes carry no usable layout: some lack a position, or (more than one) all share one. */
export function needsLayout(nodes: readonly { position?: unknown }[]): boolean {
  if (nodes.length === 0) return false;
  const valid = (p: unknown): p is XY => !!p && typeof (p as XY).x === "number" && typeof (p as XY).y === "number";
  if (nodes.some((n) => !valid(n.position))) return true;
  if (nodes.length < 2) return false;
  const first = nodes[0].position as XY;
  return nodes.every((n) => (n.position as XY).x === first.x && (n.position as XY).y === first.y);
}

/**
 * For import: if the file is a pipeline whose nodes have no positions (hand-written, generated), returns its
 * text with laid-out positions, and how many nodes were placed; otherwise the text unchanged. Anything that is
 * not such a document is left for the import's validation to report.
 */
export function layoutImportText(text: string): { text: string; laidOut: number } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { text, laidOut: 0 };
  }
  const doc = data as { nodes?: unknown; edges?: unknown };
  if (!doc || typeof doc !== "object" || !Array.isArray(doc.nodes) || !doc.nodes.every((n) => n && typeof n === "object" && typeof n.id === "string")) return { text, laidOut: 0 };
  const nodes = doc.nodes as LayoutInput["nodes"];
  if (!needsLayout(nodes)) return { text, laidOut: 0 };
  const edges = (Array.isArray(doc.edges) ? doc.edges : []).filter((e): e is { source: string; target: string } => !!e && typeof e.source === "string" && typeof e.target === "string");
  const positions = layoutPositions({ nodes: nodes.map((n) => ({ ...n, config: n.config && typeof n.config === "object" ? n.config : {} })), edges });
  for (const n of nodes) n.position = positions.get(n.id)!;
  return { text: JSON.stringify(data, null, 2), laidOut: nodes.length };
}
