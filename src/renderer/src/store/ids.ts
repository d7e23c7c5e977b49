/** Unique ids for nodes (`prompt_2`) and edges, readable and valid under the document's ID_PATTERN. */
import type { PipelineDoc } from "../../../shared/pipeline/schema";

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9_-]/g, "_") || "node";
}

/** `<kind>_<n>` with n one more than the highest n in use for that prefix (starting at 1). */
export function nextNodeId(doc: PipelineDoc, kind: string, taken: Set<string> = new Set()): string {
  const prefix = safe(kind);
  const used = new Set([...doc.nodes.map((n) => n.id), ...taken]);
  let max = 0;
  const pattern = new RegExp(`^${prefix}_(\\d+)$`);
  for (const id of used) {
    const m = pattern.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  let n = max + 1;
  while (used.has(`${prefix}_${n}`)) n++;
  return `${prefix}_${n}`;
}

export function nextEdgeId(doc: PipelineDoc, source: string, sourcePort: string, target: string, targetPort: string): string {
  const base = safe(`${source}-${sourcePort}-${target}-${targetPort}`);
  const used = new Set(doc.edges.map((e) => e.id));
  if (!used.has(base)) return base;
  let n = 2;
  while (used.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** A model name not yet in the document's models. */
export function nextModelName(doc: PipelineDoc, base = "model"): string {
  if (!(base in doc.models)) return base;
  let n = 2;
  while (`${base}_${n}` in doc.models) n++;
  return `${base}_${n}`;
}
