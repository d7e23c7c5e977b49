/**
 * Validation of the open document, memoised per document object (immer gives a new object only on change).
 * The same check a run and a save make (`parsePipeline`: the document's shape, then its graph), so the app
 * never says "valid" about a document that a run would refuse (e.g. a model whose name was cleared).
 */
import type { Problem } from "../../../shared/pipeline/problems";
import type { PipelineDoc } from "../../../shared/pipeline/schema";
import { parsePipeline } from "../../../shared/pipeline/validate";

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
    problems = parsePipeline(doc).problems;
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

/** True when the document's shape is wrong, so the Node side refuses to save or run it. */
export function shapeProblem(doc: PipelineDoc): Problem | undefined {
  return validationOf(doc).problems.find((p) => p.code === "bad-document");
}

export function edgeHasProblem(doc: PipelineDoc, edgeId: string): boolean {
  return validationOf(doc).byEdge.has(edgeId);
}
