/**
 * What a review node's decision reaches, read from the pipeline's graph: the nodes after it (its outputs,
 * directly or further down), so the review screen can say what an edit re-runs; and the ground truth of its
 * items, when the pipeline scores against one (the dataset column a score node's `truth` input reads).
 * An edit replaces the node's output for that item: every node after it gets the edited value on the next run,
 * and each call it makes has new messages, hence a new cache key. Nodes that read the same upstream value
 * beside the review node (not after it) never see the edit.
 */
import type { ReviewQueue } from "../../shared/reviewsContract";
import { getKind } from "../../shared/nodes/registry";
import type { NodeDoc, PipelineDoc } from "../../shared/pipeline/schema";

const labelOf = (n: NodeDoc) => n.label ?? n.id;

/** The nodes after `nodeId`, in an order where every node comes after the nodes it reads (notes left out). */
export function downstreamOf(doc: PipelineDoc, nodeId: string): ReviewQueue["downstream"] {
  const after = new Map<string, string[]>();
  for (const e of doc.edges) after.set(e.source, [...(after.get(e.source) ?? []), e.target]);
  const order: string[] = [];
  const seen = new Set<string>([nodeId]);
  // Depth-first post-order from the review node, reversed: a topological order of what it reaches.
  const visit = (id: string) => {
    for (const next of after.get(id) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      visit(next);
      order.push(next);
    }
  };
  visit(nodeId);
  const out: ReviewQueue["downstream"] = [];
  for (const id of order.reverse()) {
    const node = doc.nodes.find((n) => n.id === id);
    const mode = node && getKind(node.kind)?.mode;
    if (!node || !mode || mode === "inert") continue;
    out.push({ nodeId: id, label: labelOf(node), kind: node.kind, perItem: mode === "per-item" });
  }
  return out;
}

/** Every node `nodeId` reads from, directly or further up. */
function upstreamOf(doc: PipelineDoc, nodeId: string): Set<string> {
  const found = new Set<string>();
  const walk = (id: string) => {
    for (const e of doc.edges) {
      if (e.target !== id || found.has(e.source)) continue;
      found.add(e.source);
      walk(e.source);
    }
  };
  walk(nodeId);
  return found;
}

/**
 * Where the ground truth of the review node's items comes from: the `truth` input of a score node after it,
 * else before it, else any score node of the pipeline (all read the dataset's answer column per item).
 */
export function truthSourceOf(doc: PipelineDoc, nodeId: string): { scoreNode: string; node: string; port: string } | undefined {
  const scores = doc.nodes.filter((n) => n.kind === "score");
  const after = new Set(downstreamOf(doc, nodeId).map((d) => d.nodeId));
  const before = upstreamOf(doc, nodeId);
  const rank = (id: string) => (after.has(id) ? 0 : before.has(id) ? 1 : 2);
  for (const score of [...scores].sort((a, b) => rank(a.id) - rank(b.id))) {
    const edge = doc.edges.find((e) => e.target === score.id && e.targetPort === "truth");
    if (edge) return { scoreNode: score.id, node: edge.source, port: edge.sourcePort };
  }
  return undefined;
}
