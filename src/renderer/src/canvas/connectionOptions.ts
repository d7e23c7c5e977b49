/**
 * Every connection a node could make now, for the keyboard's port menu (PortMenu.tsx): each output of the
 * node into an input of another node, and each input of the node from an output of another node. A
 * connection is offered exactly when the canvas would accept it by mouse (refuseConnection is null) and it is
 * not already there; one that would replace the edge already feeding an input says which edge it replaces.
 */
import type { PipelineDoc } from "../../../shared/pipeline/schema";
import { refuseConnection, type ConnectionSpec } from "../store/graphOps";
import { portsOf } from "../store/ports";

export interface ConnectionOption {
  /** Stable key, "source.port>target.port". */
  key: string;
  spec: ConnectionSpec;
  /** "out": from a port of this node; "in": into a port of this node. */
  direction: "out" | "in";
  /** "question → Reason.question" (from an output) or "question ← Dataset.question" (into an input). */
  title: string;
  /** The port types, e.g. "text → text". */
  detail: string;
  /** The edge this one replaces ("dataset.image"), when the input already has one. */
  replaces?: string;
}

function nodeName(doc: PipelineDoc, id: string): string {
  const n = doc.nodes.find((x) => x.id === id);
  return n?.label ? `${n.label} (${id})` : id;
}

export function connectionOptions(doc: PipelineDoc, nodeId: string): ConnectionOption[] {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) return [];
  const own = portsOf(node);
  const options: ConnectionOption[] = [];
  const feeding = new Map(doc.edges.map((e) => [`${e.target}.${e.targetPort}`, e]));
  const add = (spec: ConnectionSpec, direction: "out" | "in", sourceType: string, targetType: string) => {
    if (refuseConnection(doc, spec) !== null) return;
    const existing = feeding.get(`${spec.target}.${spec.targetPort}`);
    if (existing && existing.source === spec.source && existing.sourcePort === spec.sourcePort) return;
    const title =
      direction === "out"
        ? `${spec.sourcePort} → ${nodeName(doc, spec.target)}.${spec.targetPort}`
        : `${spec.targetPort} ← ${nodeName(doc, spec.source)}.${spec.sourcePort}`;
    options.push({
      key: `${spec.source}.${spec.sourcePort}>${spec.target}.${spec.targetPort}`,
      spec,
      direction,
      title,
      detail: `${sourceType} → ${targetType}`,
      replaces: existing ? `${existing.source}.${existing.sourcePort}` : undefined,
    });
  };
  // Inputs first (what a node needs is what one connects most), unfed inputs before fed ones.
  const inputs = [...own.inputs].sort((a, b) => Number(feeding.has(`${nodeId}.${a.name}`)) - Number(feeding.has(`${nodeId}.${b.name}`)));
  for (const input of inputs)
    for (const other of doc.nodes)
      if (other.id !== nodeId)
        for (const out of portsOf(other).outputs) add({ source: other.id, sourcePort: out.name, target: nodeId, targetPort: input.name }, "in", out.type, input.type);
  for (const out of own.outputs)
    for (const other of doc.nodes)
      if (other.id !== nodeId)
        for (const input of portsOf(other).inputs) add({ source: nodeId, sourcePort: out.name, target: other.id, targetPort: input.name }, "out", out.type, input.type);
  return options;
}

/** Options whose title or detail contain every word of the query (case-insensitive); same-name ports first. */
export function filterOptions(options: readonly ConnectionOption[], query: string): ConnectionOption[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = options.filter((o) => {
    const text = `${o.title} ${o.detail}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const sameName = (o: ConnectionOption) => (o.spec.sourcePort === o.spec.targetPort ? 0 : 1);
  return shown.map((o, i) => ({ o, i })).sort((a, b) => sameName(a.o) - sameName(b.o) || a.i - b.i).map((x) => x.o);
}
