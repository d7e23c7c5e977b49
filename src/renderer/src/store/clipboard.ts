/**
 * Copy/paste and duplicate: nodes plus the edges between them, pasted with fresh ids at an offset.
 */
import type { EdgeDoc, NodeDoc, PipelineDoc } from "../../../shared/pipeline/schema";
import { nextEdgeId, nextNodeId } from "./ids";

export interface ClipboardContent {
  nodes: NodeDoc[];
  edges: EdgeDoc[];
}

export const CLIPBOARD_MIME = "application/x-cascade-nodes+json";
/** Pasted nodes are moved by whole grid steps of this size until they overlap nothing. */
export const PASTE_GAP = 48;
// The size a node is taken to have (the width of a node; a typical height).
const NODE_W = 256;
const NODE_H = 150;

/** The selected nodes and the edges whose both ends are selected (deep copies). */
export function copySelection(doc: PipelineDoc, nodeIds: Iterable<string>): ClipboardContent | null {
  const ids = new Set(nodeIds);
  const nodes = doc.nodes.filter((n) => ids.has(n.id));
  if (nodes.length === 0) return null;
  const edges = doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return structuredClone({ nodes, edges });
}

/** Adds the clipboard's nodes with new ids, moved by `offset`; returns the new node ids. */
export function pasteInto(draft: PipelineDoc, clip: ClipboardContent, offset: { x: number; y: number }): string[] {
  const rename = new Map<string, string>();
  const added: string[] = [];
  const groups = new Set((draft.groups ?? []).map((g) => g.id));
  for (const node of clip.nodes) {
    const id = nextNodeId(draft, node.kind);
    rename.set(node.id, id);
    added.push(id);
    const copy: NodeDoc = {
      ...structuredClone(node),
      id,
      position: { x: Math.round(node.position.x + offset.x), y: Math.round(node.position.y + offset.y) },
    };
    // Pasted into its own group's pipeline it joins that group; elsewhere the group does not exist.
    if (copy.group !== undefined && !groups.has(copy.group)) delete copy.group;
    draft.nodes.push(copy);
  }
  for (const edge of clip.edges) {
    const source = rename.get(edge.source);
    const target = rename.get(edge.target);
    if (!source || !target) continue;
    const id = nextEdgeId(draft, source, edge.sourcePort, target, edge.targetPort);
    draft.edges.push({ ...structuredClone(edge), id, source, target });
  }
  return added;
}

/**
 * Where to paste `clip` so that no pasted node lands on an existing one: the smallest shift (below, then to
 * the right, then diagonally) by the height or width of the copied group plus a gap. `after` makes repeated
 * pastes of one copy move on instead of filling the same spot.
 */
export function pasteOffset(doc: PipelineDoc, clip: ClipboardContent): { x: number; y: number } {
  const xs = clip.nodes.map((n) => n.position.x);
  const ys = clip.nodes.map((n) => n.position.y);
  const dx = Math.max(...xs) - Math.min(...xs) + NODE_W + PASTE_GAP;
  const dy = Math.max(...ys) - Math.min(...ys) + NODE_H + PASTE_GAP;
  const overlaps = (ox: number, oy: number) =>
    clip.nodes.some((c) => doc.nodes.some((n) => Math.abs(n.position.x - (c.position.x + ox)) < NODE_W + PASTE_GAP / 2 && Math.abs(n.position.y - (c.position.y + oy)) < NODE_H + PASTE_GAP / 2));
  const candidates: { x: number; y: number; d: number; i: number; j: number }[] = [];
  for (let i = 0; i <= 8; i++) for (let j = 0; j <= 8; j++) if (i || j) candidates.push({ x: i * dx, y: j * dy, d: Math.hypot(i * dx, j * dy), i, j });
  candidates.sort((a, b) => a.d - b.d || b.j - a.j || a.i - b.i);
  const free = candidates.find((c) => !overlaps(c.x, c.y));
  return free ? { x: free.x, y: free.y } : { x: 0, y: dy * 9 };
}

/** Parses clipboard text produced by `serializeClipboard`; null when it is something else. */
export function parseClipboard(text: string): ClipboardContent | null {
  try {
    const data = JSON.parse(text) as { cascadeClipboard?: ClipboardContent };
    const c = data?.cascadeClipboard;
    if (c && Array.isArray(c.nodes) && Array.isArray(c.edges)) return c;
  } catch {
    /* not ours */
  }
  return null;
}

export function serializeClipboard(clip: ClipboardContent): string {
  return JSON.stringify({ cascadeClipboard: clip });
}
