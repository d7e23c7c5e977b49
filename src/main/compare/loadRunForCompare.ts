/**
 * Reads what comparing needs from a stored run: per-node aggregates (with every latency) and, for the score
 * node, each item's outcome and the answer that was scored. Shared by `cascade compare` and the service.
 * Only the columns needed are read (store/compareScans.ts), never whole result rows.
 */
import type { NodeAggregate, RunForCompare } from "../../shared/compare";
import { nodeAggregateFromCounts } from "../../shared/compare";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import { doneLatencies, scoreOutcomes } from "../store/compareScans";
import type { Store } from "../store/store";

/** The score node to compare: the one asked for, else the run's first score node, else null. */
export function pickScoreNode(doc: PipelineDoc, wanted?: string): string | null {
  if (wanted) {
    if (!doc.nodes.some((n) => n.id === wanted)) throw new Error(`run pipeline "${doc.name}" has no node "${wanted}"`);
    return wanted;
  }
  return doc.nodes.find((n) => n.kind === "score")?.id ?? null;
}

/** Where the score node's prediction comes from (node and port), to show the scored answer. */
function predictionSource(doc: PipelineDoc, scoreNodeId: string): { node: string; port: string } | null {
  const edge = doc.edges.find((e) => e.target === scoreNodeId && e.targetPort === "prediction");
  return edge ? { node: edge.source, port: edge.sourcePort } : null;
}

export function loadRunForCompare(store: Store, runId: string, scoreNode?: string): RunForCompare {
  const run = store.runs.get(store.runs.resolveId(runId));
  const scoreNodeId = pickScoreNode(run.doc, scoreNode);
  const nodes: NodeAggregate[] = [];
  for (const node of run.doc.nodes) {
    const counts = run.nodes[node.id];
    if (!counts) continue;
    nodes.push(nodeAggregateFromCounts(node.id, counts, doneLatencies(store.db, store.writer, run.id, node.id)));
  }
  const items = scoreNodeId ? scoreOutcomes(store.db, store.writer, run.id, scoreNodeId, predictionSource(run.doc, scoreNodeId)) : [];
  return { id: run.id, label: run.label || `${run.pipelineName} ${run.id}`, nodes, scoreNodeId, items };
}
