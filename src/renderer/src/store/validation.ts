/**
 * Validation of the open document, memoised per document object (immer gives a new object only on change).
 */
import type { Problem } from "../../../shared/pipeline/problems";
import type { PipelineDoc } from "../../../shared/pipeline/schema";
import { validateGraph } from "../../../shared/pipeline/validate";

export interface Validation {
  problems: Problem[];
  byNode: Map<string, Problem[]>;
  byEdge: Map<string, Problem[]>;
}

const cache = new WeakMap<PipelineDoc, Validation>();

export function validationOf(doc: PipelineDoc): Validation {
  const hit = cache.get(doc);
  if (hit) return hit;
  let problems: Problem[];
  try {
    problems = validateGraph(doc);
  } catch (e) {
    problems = [{ code: "bad-document", message: `validation failed: ${(e as Error).message}`, path: "$" }];
  }
  const byNode = new Map<string, Problem[]>();
  const byEdge = new Map<string, Problem[]>();
  for (const p of problems) {
    if (p.nodeId) byNode.set(p.nodeId, [...(byNode.get(p.nodeId) ?? []), p]);
    if (p.edgeId) byEdge.set(p.edgeId, [...(byEdge.get(p.edgeId) ?? []), p]);
  }
  const v = { problems, byNode, byEdge };
  cache.set(doc, v);
  return v;
}

/** The messages concerning one node as one string (stable, so selectors compare by value). */
export function nodeProblemText(doc: PipelineDoc, nodeId: string): string {
  return (validationOf(doc).byNode.get(nodeId) ?? []).map((p) => p.message).join("\n");
}

export function edgeHasProblem(doc: PipelineDoc, edgeId: string): boolean {
  return validationOf(doc).byEdge.has(edgeId);
}
