/**
 * Reads what comparing needs from a stored run: per-node aggregates (with every latency) and, for the score
 * node, each item's outcome and the answer that was scored; the dataset columns asked for (`by`); the run's
 * start time, models and configuration (to tell runs apart). Shared by `cascade compare` and the service.
 * Only the columns needed are read (store/compareScans.ts), never whole result rows.
 */
import type { NodeAggregate, RunForCompare } from "../../shared/compare";
import { nodeAggregateFromCounts } from "../../shared/compare";
import { runConfig } from "../../shared/compare/configDiff";
import type { PipelineDoc } from "../../shared/pipeline/schema";
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

/** The dataset node that has a column `column`, or an error that lists the columns there are. */
function datasetWithColumn(doc: PipelineDoc, column: string): string {
  const datasets = doc.nodes.filter((n) => n.kind === "dataset");
  const columnsOf = (n: (typeof datasets)[number]) => ((n.config.columns as { name: string }[] | undefined) ?? []).map((c) => c.name);
  const found = datasets.find((n) => columnsOf(n).includes(column));
  if (found) return found.id;
  const known = datasets.flatMap(columnsOf);
  throw new Error(`--by ${column}: pipeline "${doc.name}" has no dataset column "${column}"${known.length ? ` (its columns: ${known.join(", ")})` : " (it has no dataset node)"}`);
}

/** The models a run called, as "model" names (deduplicated, in the pipeline's order). */
function modelsOf(doc: PipelineDoc): string[] {
  const used = new Set(doc.nodes.map((n) => n.config.model).filter((m): m is string => typeof m === "string"));
  const names = Object.keys(doc.models).filter((name) => used.size === 0 || used.has(name));
  return [...new Set(names.map((name) => doc.models[name].model))];
}

export function loadRunForCompare(store: Store, runId: string, scoreNode?: string, by: readonly string[] = []): RunForCompare {
  const run = store.runs.get(store.runs.resolveId(runId));
  const scoreNodeId = pickScoreNode(run.doc, scoreNode);
  const nodes: NodeAggregate[] = [];
  const nodeLabels: Record<string, string> = {};
  for (const node of run.doc.nodes) {
    if (node.label) nodeLabels[node.id] = node.label;
    const counts = run.nodes[node.id];
    if (!counts) continue;
    nodes.push(nodeAggregateFromCounts(node.id, counts, store.compare.latencies(run.id, node.id), node.label));
  }
  const items = scoreNodeId ? store.compare.scoreOutcomes(run.id, scoreNodeId, predictionSource(run.doc, scoreNodeId)) : [];
  if (by.length) {
    const columns = by.map((column) => ({ column, values: store.compare.portTexts(run.id, datasetWithColumn(run.doc, column), column) }));
    for (const item of items) item.categories = Object.fromEntries(columns.map(({ column, values }) => [column, values.get(item.itemId) ?? null]));
  }
  return {
    id: run.id,
    label: run.label || run.pipelineName,
    startedAt: run.startedAt,
    models: modelsOf(run.doc),
    status: run.status,
    nodeLabels,
    config: runConfig(run.doc),
    nodes,
    scoreNodeId,
    items,
  };
}
