/**
 * Dangling ports: an edge whose port vanished from its node (a `{{var}}` half typed or deleted from a
 * template) is kept, and the node shows that port as dangling until the var comes back or the user removes
 * the edge. Computed once per document (immer gives a new object only on change).
 */
import type { NodeDoc, PipelineDoc } from "../../../shared/pipeline/schema";
import { portsOf } from "./ports";

export interface DanglingPorts {
  inputs: string[];
  outputs: string[];
}

const NONE: DanglingPorts = { inputs: [], outputs: [] };
const cache = new WeakMap<PipelineDoc, Map<string, DanglingPorts>>();

function add(map: Map<string, DanglingPorts>, nodeId: string, side: "inputs" | "outputs", port: string): void {
  const entry = map.get(nodeId) ?? { inputs: [], outputs: [] };
  if (!entry[side].includes(port)) entry[side].push(port);
  map.set(nodeId, entry);
}

function compute(doc: PipelineDoc): Map<string, DanglingPorts> {
  const byId = new Map<string, NodeDoc>(doc.nodes.map((n) => [n.id, n]));
  const out = new Map<string, DanglingPorts>();
  for (const e of doc.edges) {
    const src = byId.get(e.source);
    const dst = byId.get(e.target);
    if (src && !portsOf(src).outputs.some((p) => p.name === e.sourcePort)) add(out, src.id, "outputs", e.sourcePort);
    if (dst && !portsOf(dst).inputs.some((p) => p.name === e.targetPort)) add(out, dst.id, "inputs", e.targetPort);
  }
  return out;
}

export function danglingPortsOf(doc: PipelineDoc, nodeId: string): DanglingPorts {
  let map = cache.get(doc);
  if (!map) cache.set(doc, (map = compute(doc)));
  return map.get(nodeId) ?? NONE;
}

/** True when the edge ends at a port its node no longer has. */
export function isDanglingEdge(doc: PipelineDoc, edge: { source: string; sourcePort: string; target: string; targetPort: string }): boolean {
  return danglingPortsOf(doc, edge.source).outputs.includes(edge.sourcePort) || danglingPortsOf(doc, edge.target).inputs.includes(edge.targetPort);
}

/** A stable string of a node's dangling ports (for selectors and cache keys). */
export function danglingSignature(d: DanglingPorts): string {
  return d.inputs.length === 0 && d.outputs.length === 0 ? "" : `${d.inputs.join(",")}|${d.outputs.join(",")}`;
}
