/**
 * The plan of a run: the pipeline validated, the nodes to run (all, or those selected by toNode / fromNode)
 * in topological order, each with its executor, incoming edges and phase ("items": per item, streamed;
 * "after": once, when every item is done — aggregates and whatever depends on them).
 */
import type { NodeKindDef } from "../../shared/nodes/kind";
import { getKind } from "../../shared/nodes/registry";
import { formatProblem, type Problem } from "../../shared/pipeline/problems";
import type { EdgeDoc, NodeDoc, PipelineDoc } from "../../shared/pipeline/schema";
import { parsePipeline, validateParsedPipeline } from "../../shared/pipeline/validate";
import { executorFor, executorMismatch } from "./nodes/registry";
import type { AggregateExecutor, Executor, PerItemExecutor, SourceExecutor } from "./nodes/types";
import { PipelineInvalidError } from "./types";

export interface PlannedNode {
  id: string;
  node: NodeDoc;
  def: NodeKindDef<any>;
  config: any;
  executor: Executor;
  /** Edges into this node from planned nodes. */
  incoming: EdgeDoc[];
  /** Distinct planned nodes it reads from. */
  parents: string[];
  phase: "items" | "after";
  /** An ancestor of fromNode: reads the cache even on a no-cache run. */
  forceCacheRead: boolean;
}

export interface Plan {
  doc: PipelineDoc;
  order: PlannedNode[];
  byId: Map<string, PlannedNode>;
  /** The dataset node, when the pipeline has one. */
  source?: PlannedNode;
  /** Per-item nodes run for every item (the source excluded), in topological order. */
  itemNodes: PlannedNode[];
  /** Nodes run once after all items, in topological order. */
  afterNodes: PlannedNode[];
  /** Model names the planned nodes call. */
  models: string[];
}

export interface PlanOptions {
  toNode?: string;
  fromNode?: string;
  /** The doc already passed PipelineDocSchema (the service's param check): validate, do not parse it again. */
  shapeChecked?: boolean;
  plugins?: { kind: NodeKindDef<any>; executor: Executor }[];
}

function invalid(problems: Problem[]): never {
  const lines = problems.map((p) => `  ${formatProblem(p)}`).join("\n");
  throw new PipelineInvalidError(`the pipeline is not valid (${problems.length} problem${problems.length > 1 ? "s" : ""}):\n${lines}`, problems);
}

export function buildPlan(input: PipelineDoc, opts: PlanOptions = {}): Plan {
  const pluginKinds = new Map((opts.plugins ?? []).map((p) => [p.kind.kind, p.kind]));
  const pluginExecutors = new Map((opts.plugins ?? []).map((p) => [p.kind.kind, p.executor]));
  const kindOf = (name: string) => getKind(name) ?? pluginKinds.get(name);

  const parsed = opts.shapeChecked ? validateParsedPipeline(input) : parsePipeline(input);
  const problems = parsed.problems.filter((p) => !(p.code === "unknown-kind" && p.nodeId && pluginKinds.has(input.nodes.find((n) => n.id === p.nodeId)?.kind ?? "")));
  if (!parsed.doc || problems.length) invalid(problems);
  const doc = parsed.doc;

  const byDoc = new Map(doc.nodes.map((n) => [n.id, n]));
  for (const [field, id] of [["toNode", opts.toNode], ["fromNode", opts.fromNode]] as const) {
    if (id !== undefined && !byDoc.has(id)) throw new Error(`${field}: no node "${id}" in the pipeline`);
  }

  // Graph over all nodes.
  const parentsOf = new Map<string, Set<string>>(doc.nodes.map((n) => [n.id, new Set()]));
  const childrenOf = new Map<string, Set<string>>(doc.nodes.map((n) => [n.id, new Set()]));
  for (const e of doc.edges) {
    parentsOf.get(e.target)!.add(e.source);
    childrenOf.get(e.source)!.add(e.target);
  }
  const closure = (start: string[], next: Map<string, Set<string>>) => {
    const seen = new Set<string>();
    const stack = [...start];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const n of next.get(id) ?? []) stack.push(n);
    }
    return seen;
  };

  let selected = new Set(doc.nodes.map((n) => n.id));
  let forced = new Set<string>();
  if (opts.toNode) selected = closure([opts.toNode], parentsOf);
  if (opts.fromNode) {
    const downstream = closure([opts.fromNode], childrenOf);
    const withInputs = closure([...downstream], parentsOf);
    forced = new Set([...withInputs].filter((id) => !downstream.has(id)));
    selected = new Set([...withInputs].filter((id) => selected.has(id)));
  }

  // Topological order, stable in document order (the validator already ruled out cycles).
  const order: PlannedNode[] = [];
  const indegree = new Map<string, number>();
  for (const id of selected) indegree.set(id, [...parentsOf.get(id)!].filter((p) => selected.has(p)).length);
  const ready = doc.nodes.filter((n) => selected.has(n.id) && indegree.get(n.id) === 0).map((n) => n.id);
  const byId = new Map<string, PlannedNode>();
  while (ready.length) {
    const id = ready.shift()!;
    const node = byDoc.get(id)!;
    const def = kindOf(node.kind)!;
    const parsedConfig = def.configSchema.safeParse(node.config);
    if (!parsedConfig.success) invalid([{ code: "bad-config", message: parsedConfig.error.message, path: `nodes[${doc.nodes.indexOf(node)}].config`, nodeId: id }]);
    const executor = executorFor(node.kind, pluginExecutors);
    if (!executor) throw new Error(`node "${id}": kind "${node.kind}" cannot run yet (no executor)`);
    const mismatch = executorMismatch(def, executor);
    if (mismatch) throw new Error(`node "${id}": the "${node.kind}" executor does not fit its kind (mode ${def.mode}): ${mismatch}`);
    const incoming = doc.edges.filter((e) => e.target === id && selected.has(e.source));
    const parents = [...new Set(incoming.map((e) => e.source))];
    const phase: PlannedNode["phase"] = def.mode === "aggregate" || parents.some((p) => byId.get(p)?.phase === "after") ? "after" : "items";
    if (phase === "after" && def.mode === "per-item") {
      const perItemParent = parents.find((p) => byId.get(p)?.phase === "items");
      if (perItemParent) throw new Error(`node "${id}" mixes per-item input (from "${perItemParent}") with the output of an aggregate node`);
    }
    const planned: PlannedNode = { id, node, def, config: parsedConfig.data, executor, incoming, parents, phase, forceCacheRead: forced.has(id) };
    order.push(planned);
    byId.set(id, planned);
    for (const child of doc.nodes) {
      if (!selected.has(child.id) || !parentsOf.get(child.id)!.has(id)) continue;
      const left = indegree.get(child.id)! - 1;
      indegree.set(child.id, left);
      if (left === 0) ready.push(child.id);
    }
  }

  const sources = order.filter((p) => p.def.mode === "source");
  if (sources.length > 1) throw new Error(`a run reads one dataset; this one has ${sources.length}: ${sources.map((s) => s.id).join(", ")}`);
  const models = [...new Set(order.flatMap((p) => p.def.modelRefs(p.config) as string[]))];
  return {
    doc,
    order,
    byId,
    source: sources[0],
    itemNodes: order.filter((p) => p.phase === "items" && p.def.mode === "per-item"),
    afterNodes: order.filter((p) => p.phase === "after"),
    models,
  };
}

/** The executor of a per-item node (its kind's mode decides what its executor is; buildPlan checked it). */
export function perItemExecutorOf(pn: PlannedNode): PerItemExecutor {
  if (pn.def.mode !== "per-item") throw new Error(`node "${pn.id}" is not a per-item node`);
  return pn.executor as PerItemExecutor;
}

export function aggregateExecutorOf(pn: PlannedNode): AggregateExecutor {
  if (pn.def.mode !== "aggregate") throw new Error(`node "${pn.id}" is not an aggregate node`);
  return pn.executor as AggregateExecutor;
}

export function sourceExecutorOf(pn: PlannedNode): SourceExecutor {
  if (pn.def.mode !== "source") throw new Error(`node "${pn.id}" is not a source node`);
  return pn.executor as SourceExecutor;
}
