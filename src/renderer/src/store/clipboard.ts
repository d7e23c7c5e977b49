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
export const PASTE_OFFSET = 32;

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
  for (const node of clip.nodes) {
    const id = nextNodeId(draft, node.kind);
    rename.set(node.id, id);
    added.push(id);
    draft.nodes.push({
      ...structuredClone(node),
      id,
      position: { x: Math.round(node.position.x + offset.x), y: Math.round(node.position.y + offset.y) },
    });
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
