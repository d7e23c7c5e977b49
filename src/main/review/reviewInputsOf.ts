/**
 * The values a review node saw for an item in a stored run, rebuilt from its parents' stored results along its
 * incoming edges (exactly what the engine handed it), and the decision key and inputs hash that go with them.
 * An input carrying samples on a "map" edge made the engine run the node once per sample: the item then has one
 * entry per sample, as the engine expanded them (engine/samples.ts).
 */
import { reviewInputs } from "../../shared/ddf/review";
import { getKind } from "../../shared/nodes/registry";
import type { ReviewConfig } from "../../shared/nodes/kinds/review";
import { ReviewConfigSchema } from "../../shared/nodes/kinds/review";
import type { NodeDoc, PipelineDoc } from "../../shared/pipeline/schema";
import type { Value } from "../../shared/values";
import { expandSamples, plainInputs, type EdgeInput } from "../engine/samples";
import { reviewInputsHash, reviewNodeKey, sampleDecisionId } from "../store/reviewsRepo";
import type { Store } from "../store/store";

export interface ReviewNode {
  node: NodeDoc;
  config: ReviewConfig;
  /** Decision key: the node's content (kind and config), not its id. */
  key: string;
  incoming: PipelineDoc["edges"];
}

/** The review node `nodeId` of a run's pipeline; errors name the run and the node. */
export function reviewNodeOf(doc: PipelineDoc, runId: string, nodeId: string): ReviewNode {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) throw new Error(`run ${runId}: no node "${nodeId}" (nodes: ${doc.nodes.map((n) => n.id).join(", ")})`);
  if (node.kind !== "review") throw new Error(`run ${runId}: node "${nodeId}" is a ${node.kind} node, not a review node`);
  const parsed = ReviewConfigSchema.safeParse(node.config);
  if (!parsed.success) throw new Error(`run ${runId}: review node "${nodeId}" has an invalid config: ${parsed.error.issues[0]?.message}`);
  return { node, config: parsed.data, key: reviewNodeKey(parsed.data), incoming: doc.edges.filter((e) => e.target === nodeId) };
}

/** What one decision is made on: an item, or one sample of it. */
export interface ReviewEntry {
  inputs: Record<string, Value>;
  hash: string;
  /** Where its decision is stored: the item id, or the sample's id (`sampleDecisionId`). */
  decisionId: string;
  /** Mapped over samples: this entry's sample number (1-based) and how many the item has. */
  sample?: number;
  samples?: number;
}

export function storedReviewEntries(store: Store, runId: string, review: ReviewNode, itemId: string): ReviewEntry[] {
  const edges: EdgeInput[] = [];
  for (const e of review.incoming) {
    const parent = store.runs.getResult(runId, e.source, itemId);
    const value = parent?.output?.[e.sourcePort];
    if (value !== undefined) edges.push({ port: e.targetPort, value, mode: e.samples ?? "map", from: `${e.source}.${e.sourcePort}` });
  }
  let variants: Record<string, Value>[] | null;
  try {
    variants = expandSamples(edges);
  } catch {
    variants = null; // mapped inputs of different lengths: the engine failed the item; show it whole
  }
  if (!variants) {
    const inputs = reviewInputs(review.config, plainInputs(edges));
    return [{ inputs, hash: reviewInputsHash(inputs), decisionId: itemId }];
  }
  return variants.map((values, k) => {
    const inputs = reviewInputs(review.config, values);
    const hash = reviewInputsHash(inputs);
    return { inputs, hash, decisionId: sampleDecisionId(itemId, hash), sample: k + 1, samples: variants.length };
  });
}

/** Inputs fed by an upstream port of type image (e.g. a dataset's image column). */
export function imageInputsOf(doc: PipelineDoc, review: ReviewNode): string[] {
  const names = new Set<string>();
  for (const e of review.incoming) {
    const source = doc.nodes.find((n) => n.id === e.source);
    const kind = source && getKind(source.kind);
    if (!source || !kind) continue;
    try {
      const port = kind.ports(source.config).outputs.find((p) => p.name === e.sourcePort);
      if (port?.type === "image") names.add(e.targetPort);
    } catch {
      /* an upstream config the kind cannot read has no typed ports */
    }
  }
  return review.config.inputs.filter((n) => names.has(n));
}
