/**
 * runs.trace: an item's path through a stored run — every node of the run's pipeline in topological order
 * (notes left out) with its status ("not-run" when the run did not reach or plan it), inputs, output, error,
 * latency, usage and model calls with their exact messages. Image sources are made absolute (the dataset's
 * folder first, then the pipeline's, as the engine looks them up) so the UI can show them (GET /files).
 */
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { ItemTrace, TraceStep } from "../../shared/contract";
import type { CallTrace } from "../../shared/events";
import { getKind } from "../../shared/nodes/registry";
import type { NodeDoc, PipelineDoc } from "../../shared/pipeline/schema";
import { isConversation, isImageRef, isSamples, type ChatMessage, type ImageRef, type Value } from "../../shared/values";
import { unpackCalls, unpackInputs } from "../store/traceFormat";
import { AGGREGATE_ITEM_ID, type TracedResult, type TracesRepo } from "../store/tracesRepo";

/** The pipeline's nodes (notes left out) in topological order, stable in document order. */
export function topologicalNodes(doc: PipelineDoc): NodeDoc[] {
  const nodes = doc.nodes.filter((n) => getKind(n.kind)?.mode !== "inert");
  const ids = new Set(nodes.map((n) => n.id));
  const indegree = new Map(nodes.map((n) => [n.id, 0]));
  for (const e of doc.edges) if (ids.has(e.source) && ids.has(e.target)) indegree.set(e.target, indegree.get(e.target)! + 1);
  const done = new Set<string>();
  const order: NodeDoc[] = [];
  while (order.length < nodes.length) {
    const next = nodes.find((n) => !done.has(n.id) && indegree.get(n.id) === 0);
    if (!next) {
      order.push(...nodes.filter((n) => !done.has(n.id))); // a cycle (the validator refuses them): keep the rest as written
      break;
    }
    done.add(next.id);
    order.push(next);
    for (const e of doc.edges) if (e.source === next.id && indegree.has(e.target)) indegree.set(e.target, indegree.get(e.target)! - 1);
  }
  return order;
}

/** Rewrites relative image sources to the absolute path the engine would read. */
export class ImageResolver {
  private readonly known = new Map<string, string>();
  constructor(private readonly dirs: string[]) {}

  source(source: string): string {
    if (isAbsolute(source) || /^(data:|https?:)/i.test(source)) return source;
    let found = this.known.get(source);
    if (found === undefined) {
      found = this.dirs.map((d) => resolve(d, source)).find((p) => existsSync(p)) ?? source;
      this.known.set(source, found);
    }
    return found;
  }

  image(img: ImageRef): ImageRef {
    const source = this.source(img.source);
    return source === img.source ? img : { ...img, source };
  }

  messages(messages: ChatMessage[]): ChatMessage[] {
    return messages.map((m) => (m.images?.length ? { ...m, images: m.images.map((i) => this.image(i)) } : m));
  }

  value(v: Value): Value {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (isImageRef(v)) return this.image(v);
    if (isConversation(v)) return { kind: "conversation", messages: this.messages(v.messages) };
    if (isSamples(v)) return { kind: "samples", values: v.values.map((x) => this.value(x)) };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.value(x as Value)]));
  }

  record(r: Record<string, Value>): Record<string, Value> {
    return this.value(r) as Record<string, Value>;
  }
}

/** Inputs of a node from its parents' outputs (for results stored without a trace, e.g. older runs). */
function derivedInputs(doc: PipelineDoc, nodeId: string, pick: (nodeId: string) => TracedResult | undefined): Record<string, Value> {
  const inputs: Record<string, Value> = {};
  for (const e of doc.edges) {
    if (e.target !== nodeId) continue;
    const v = pick(e.source)?.row.output?.[e.sourcePort];
    if (v !== undefined) inputs[e.targetPort] = v;
  }
  return inputs;
}

export function buildItemTrace(traces: TracesRepo, runId: string, itemId: string, doc: PipelineDoc, resolver: ImageResolver): ItemTrace {
  const nodes = topologicalNodes(doc);
  const results = traces.forItem(runId, itemId, nodes.map((n) => n.id));
  if (![...results.values()].some((m) => m.has(itemId))) throw new Error(`run "${runId}" has no item "${itemId}"`);
  const pick = (nodeId: string) => results.get(nodeId)?.get(itemId) ?? results.get(nodeId)?.get(AGGREGATE_ITEM_ID);
  const steps: TraceStep[] = nodes.map((node) => {
    const label = node.label ?? getKind(node.kind)?.title ?? node.kind;
    const found = pick(node.id);
    if (!found) return { nodeId: node.id, kind: node.kind, label, status: "not-run", inputs: {}, output: null, calls: [] };
    const { row, trace } = found;
    const ran = row.status !== "skipped";
    const inputs = unpackInputs(trace, row) ?? (ran && row.itemId === itemId ? derivedInputs(doc, node.id, pick) : {});
    const calls: CallTrace[] = unpackCalls(trace, row).map((c) => ({ ...c, messages: resolver.messages(c.messages) }));
    return {
      nodeId: node.id,
      kind: node.kind,
      label,
      status: row.status,
      inputs: resolver.record(inputs),
      output: row.output ? resolver.record(row.output) : null,
      ...(row.error !== undefined ? { error: row.error } : {}),
      ...(row.latencyMs !== undefined ? { latencyMs: row.latencyMs } : {}),
      ...(row.usage ? { usage: row.usage } : {}),
      calls,
    };
  });
  return { runId, itemId, steps };
}
